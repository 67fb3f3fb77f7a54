/** Prints the README's table of surfaces (src/engine/problems/plane/doc.ts) for pasting between its markers. */
import { surfacesTable } from '../engine/problems/plane/doc';

process.stdout.write(`${surfacesTable()}\n`);
