/** Start points picked with the pointer are kept to four decimals: far finer than a pixel, short in links. */
export const roundParam = (v: number): number => Math.round(v * 1e4) / 1e4 || 0;
