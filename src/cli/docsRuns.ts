/** Prints the README's optimizer table (src/url/runsDoc.ts) for pasting between its markers. */
import { runsTable } from '../url/runsDoc';

process.stdout.write(`${runsTable()}\n`);
