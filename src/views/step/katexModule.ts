/** KaTeX and its style sheet, in a chunk of their own: loaded by katexLoader.ts after the first paint. */
import katex from 'katex';
import 'katex/dist/katex.min.css';

export { katex };
