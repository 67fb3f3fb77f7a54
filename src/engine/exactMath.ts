/**
 * ln, ln(1 + x), e^x, sin, cos and tanh written with + − × ÷ (and exact rounding to integers) only, so their results are
 * bit-identical in every JavaScript engine. ECMAScript leaves Math.log / Math.sin / Math.tanh
 * "implementation-approximated" (V8, SpiderMonkey and JavaScriptCore may differ in the last bit), and a
 * share link must reproduce the exact data and the exact initial weights everywhere. exactTanh is also
 * 2–3× faster than Math.tanh in V8, which matters: tanh is half of an MLP's forward pass.
 * Accuracy: within a few ulp (the tests bound each against Math.* and known values).
 */

const LN2_HI = 6.93147180369123816490e-1; // ln 2 split so that k·LN2_HI is exact for |k| < 2^11
const LN2_LO = 1.90821492927058770002e-10;
const SQRT_HALF = Math.SQRT1_2;
const TWO_POW_64 = 18446744073709551616;
const TWO_PI = 6.283185307179586;

/**
 * ln x for x > 0 (NaN for x < 0 or NaN, −Infinity at 0, Infinity at Infinity).
 * x = m·2^e with m ∈ [√½, √2) (found by exact scaling by powers of two), then
 * ln m = 2 atanh s = 2(s + s³/3 + s⁵/5 + …) with s = (m − 1)/(m + 1), |s| ≤ 0.172, and
 * ln x = e·ln 2 + ln m.
 */
export function exactLog(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  let m = x;
  let e = 0;
  while (m < 1 / TWO_POW_64) {
    m *= TWO_POW_64;
    e -= 64;
  }
  while (m >= TWO_POW_64) {
    m /= TWO_POW_64;
    e += 64;
  }
  while (m < SQRT_HALF) {
    m *= 2;
    e -= 1;
  }
  while (m >= 2 * SQRT_HALF) {
    m /= 2;
    e += 1;
  }
  const s = (m - 1) / (m + 1);
  const t = s * s;
  // Σ_{k=0}^{12} t^k / (2k + 1), Horner from the highest term; t ≤ 0.0295 so t^13/27 < 2^−70.
  let series = 1 / 25;
  for (let k = 11; k >= 0; k--) series = 1 / (2 * k + 1) + t * series;
  return e * LN2_HI + (e * LN2_LO + 2 * s * series);
}

/** sin x and cos x for |x| ≤ π/4 by their Taylor series (terms up to x^19 / x^20; the rest < 2^−60). */
function sinCosSmall(x: number, wantSin: boolean): number {
  const x2 = x * x;
  if (wantSin) {
    let s = 0;
    for (let n = 19; n >= 3; n -= 2) s = (1 - s) * (x2 / (n * (n - 1)));
    return x * (1 - s);
  }
  let c = 0;
  for (let n = 20; n >= 2; n -= 2) c = (1 - c) * (x2 / (n * (n - 1)));
  return 1 - c;
}

/**
 * sin(2π·t) for an angle t in turns (1 turn = 2π rad). Reducing in turns is exact: f = t − ⌊t⌋,
 * quadrant q = round(4f), r = f − q/4 ∈ [−⅛, ⅛], then sin(qπ/2 + 2πr) by quadrant symmetry.
 * Exact at quarter turns: sinTurns(0.5) is 0, not 1.2e−16.
 */
export function sinTurns(t: number): number {
  return turns(t, true);
}

/** cos(2π·t) for an angle t in turns; see sinTurns. */
export function cosTurns(t: number): number {
  return turns(t, false);
}

function turns(t: number, wantSin: boolean): number {
  if (!Number.isFinite(t)) return NaN;
  const f = t - Math.floor(t);
  const q = Math.round(4 * f);
  const x = TWO_PI * (f - q / 4);
  // sin(qπ/2 + x) cycles sin, cos, −sin, −cos; cos(qπ/2 + x) cycles cos, −sin, −cos, sin.
  const k = ((wantSin ? q : q + 1) % 4) as 0 | 1 | 2 | 3;
  const v = k === 0 || k === 2 ? sinCosSmall(x, true) : sinCosSmall(x, false);
  // +0 turns −0 into 0 so sinTurns(0.5) === 0 exactly, as a careful caller would expect.
  return (k >= 2 ? -v : v) + 0;
}

// Lambert's continued fraction tanh x = x / (1 + x²/(3 + x²/(5 + …))) cut after 12 levels, as the ratio of
// two polynomials in t = x² with integer coefficients (exact in binary). Within 2.3 ulp for |x| ≤ 3.
export const P0 = 7905853580625;
export const P1 = 1159525191825;
export const P2 = 41247931725;
export const P3 = 523783260;
export const P4 = 2552550;
export const P5 = 4095;
export const Q1 = 3794809718700;
export const Q2 = 252070693875;
export const Q3 = 5237832600;
export const Q4 = 41351310;
export const Q5 = 120120;
export const Q6 = 91;

// tanh(m) for m = 0 … 19, correctly rounded (computed to 60 digits). P…, Q… and this table are exported
// for the slice sampler's faster evaluation of the same approximation (sliceKernel.ts sliceTanh).
export const TANH_INT = Float64Array.of(
  0, 0.7615941559557649, 0.9640275800758169, 0.9950547536867305, 0.999329299739067, 0.9999092042625951,
  0.9999877116507956, 0.9999983369439447, 0.9999997749296758, 0.999999969540041, 0.9999999958776927,
  0.9999999994421064, 0.9999999999244973, 0.9999999999897818, 0.9999999999986171, 0.9999999999998128,
  0.9999999999999747, 0.9999999999999966, 0.9999999999999996, 0.9999999999999999,
);

function tanhSmall(x: number): number {
  const t = x * x;
  const p = P0 + t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * (P5 + t)))));
  return (x * p) / (P0 + t * (Q1 + t * (Q2 + t * (Q3 + t * (Q4 + t * (Q5 + t * Q6))))));
}

/**
 * tanh x. For |x| < 2⁻²⁷ x itself; for |x| ≤ 3 a rational approximation (Lambert's continued fraction, 12 levels); for larger |x|
 * the addition theorem tanh(m + r) = (tanh m + tanh r) / (1 + tanh m · tanh r) with m = round(|x|) from a
 * table and |r| ≤ ½; ±1 from |x| ≥ 19.5, where tanh rounds to ±1 in double precision. NaN stays NaN.
 */
export function exactTanh(x: number): number {
  const ax = x < 0 ? -x : x;
  if (ax < 7.450580596923828e-9) return x; // |x| < 2^−27: tanh x = x(1 − x²/3 + …) rounds to x
  if (ax <= 3) return tanhSmall(x);
  if (!(ax < 19.5)) return x !== x ? x : x < 0 ? -1 : 1;
  const m = Math.round(ax);
  const tm = TANH_INT[m]!;
  const tr = tanhSmall(ax - m);
  const v = (tm + tr) / (1 + tm * tr);
  return x < 0 ? -v : v;
}

// 2^k for k = −1074 … 1023, each exact (built by halving and doubling 1), so scaling by them is exact
// wherever the result is a normal double.
const POW2 = new Float64Array(2098);
POW2[1074] = 1;
for (let k = 1; k <= 1023; k++) POW2[1074 + k] = POW2[1073 + k]! * 2;
for (let k = 1; k <= 1074; k++) POW2[1074 - k] = POW2[1075 - k]! / 2;
const pow2 = (k: number) => POW2[1074 + k]!;

// fdlibm's e_exp.c (Sun Microsystems, freely redistributable): a Remez fit of r·(e^r + 1)/(e^r − 1) on |r| ≤ ½ln2.
const EXP_P1 = 1.66666666666666019037e-1;
const EXP_P2 = -2.77777777770155933842e-3;
const EXP_P3 = 6.61375632143793436117e-5;
const EXP_P4 = -1.65339022054652515390e-6;
const EXP_P5 = 4.13813679705723846039e-8;
const INV_LN2 = 1.44269504088896338700;
const EXP_MAX = 709.782712893383973096; // above: +Infinity
const EXP_MIN = -745.13321910194110842; // below: 0

/**
 * e^x, fdlibm's algorithm: x = k·ln2 + r with k = round(x / ln 2) and |r| ≤ ½ln2 (k·ln2 split in two
 * parts so the reduction is exact), e^r = 1 + r + r·c/(2 − c) with c = r − r²·P(r²), then the exact
 * scaling by 2^k (in two steps where the result is subnormal, so it is rounded once). Within 1 ulp.
 * NaN stays NaN; e^+∞ = +∞, e^−∞ = 0.
 */
export function exactExp(x: number): number {
  if (!(x <= EXP_MAX)) return x !== x ? x : Infinity;
  if (x < EXP_MIN) return 0;
  if (x > -3.725290298461914e-9 && x < 3.725290298461914e-9) return 1 + x; // |x| < 2^−28
  const k = Math.round(x * INV_LN2);
  const hi = x - k * LN2_HI;
  const lo = k * LN2_LO;
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (EXP_P1 + t * (EXP_P2 + t * (EXP_P3 + t * (EXP_P4 + t * EXP_P5))));
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  if (k > 1023) return y * 2 * pow2(k - 1);
  if (k >= -1021) return y * pow2(k);
  return y * pow2(k + 54) * pow2(-54);
}

/**
 * ln(1 + x) for x > −1, accurate for tiny x: with u = 1 + x rounded, ln(u)·x/(u − 1) corrects for the
 * rounding of u (Goldberg's trick); x itself where u = 1. Within 4 ulp; same special values as Math.log1p.
 */
export function exactLog1p(x: number): number {
  const u = 1 + x;
  if (u === 1) return x;
  if (u === Infinity) return Infinity;
  return (exactLog(u) * x) / (u - 1);
}
