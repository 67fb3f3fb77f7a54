import { bad, clip, ok, type Field } from './fields';

/**
 * The lectures as ready scenes: each an ordinary link of the app plus a caption of what to watch for,
 * grouped by lecture. A link `#scene=<id>` opens the scene (its link, with `scene=<id>` kept so the
 * caption shows; keys beside it change the scene's, expandScene); the Lectures menu does the same. Every caption's claim is checked against the
 * engine by tests/unit/url/scenes.test.ts, and every scene opens with no notice.
 */
export interface Scene {
  readonly id: string;
  readonly lecture: string;
  readonly title: string;
  readonly caption: string;
  /** The fragment (without '#', no v and no checksum: read as a v=1 link). */
  readonly link: string;
}

export const SCENES: readonly Scene[] = [
  {
    id: 'guess-table',
    lecture: 'Lecture 001: from guessing to gradient descent',
    title: 'The guess table: six guesses, the best so far starred',
    caption: 'The lecture\'s six guesses at (w, b), in the order tried, with their loss. Each is better than the one before except the second (0.1481 after 0.0731); the last, (1.78, −2.27), is the best so far (★) with L ≈ 1.7·10⁻⁶. Type a w and a b into the table to try to beat it.',
    link: 'problem=sigmoid&data=0.5:0.2,2.5:0.9&start=-2,-2&eta=1&gamma=0.9&steps=1000&opt=gd,momentum,nesterov&range=-6,6,-6,6&grid=128&layout=overlay&guess=1&guesses=0.5:0,-0.1:0,0.94:-0.94,1.42:-1.73,1.65:-2.08,1.78:-2.27&t=1000&cam=40,25,4.2',
  },
  {
    id: 'brute-force',
    lecture: 'Lecture 001: from guessing to gradient descent',
    title: 'Brute force against gradient descent',
    caption: 'Press Brute force (n = 32) under the views: 1 024 loss evaluations over the window find the best cell at (1.6875, −2.0625) with L = 0.0004. GD from (−2, −2) gets as low in 217 gradient evaluations and ends far lower (L ≈ 2.4·10⁻¹¹ after 1000 steps): the gradient says which way to go, the grid only samples. The same 32 values for each of the default MLP\'s 105 parameters would need 32¹⁰⁵ ≈ 1.1 × 10¹⁵⁸ evaluations.',
    link: 'problem=sigmoid&start=-2,-2&eta=1&steps=1000&runs=gd&range=-6,6,-6,6',
  },
  {
    id: 'taylor',
    lecture: 'Lecture 001: from guessing to gradient descent',
    title: 'The Taylor plane and −∇L',
    caption: 'At step 40 of GD the yellow tangent plane touches the surface at the point; the arrow −η∇L is its steepest way down. The bar under the views compares the ΔL the plane predicts with the actual one.',
    link: 'problem=sigmoid&start=-2,-2&eta=1&steps=1000&runs=gd&show=step,taylor&t=40',
  },
  {
    id: 'lecture-run',
    lecture: 'Lecture 001: from guessing to gradient descent',
    title: 'The lecture\'s run: GD, momentum and Nesterov',
    caption: 'From (−2, −2) with η = 1 and γ = 0.9 all three reach the minimum; Nesterov settles first (step 215), momentum next (304), plain GD last (745): the history term carries them across the plateau.',
    link: 'problem=sigmoid&start=-2,-2&eta=1&gamma=0.9&steps=1000&opt=gd,momentum,nesterov',
  },
  {
    id: 'three-regimes',
    lecture: 'Lecture 002: convergence on quadratics',
    title: 'Three learning rates: below η_opt, between η_opt and 2η_opt, above 2η_opt',
    caption: 'A round bowl with λ = 2, so η_opt = 1/λ = 0.5. GD at 0.5·η_opt creeps in monotonically, at 1.5·η_opt it oscillates across the minimum but converges, at 2.2·η_opt (past 2η_opt) it diverges.',
    link: 'problem=quadratic&curv=2,2&start=-4,3&range=-5,5,-5,5&steps=200&runs=gd(eta:0.25),gd(eta:0.75),gd(eta:1.1)&layout=split',
  },
  {
    id: 'eccentric-newton',
    lecture: 'Lecture 002: convergence on quadratics',
    title: 'An eccentric bowl: GD zigzags, Newton goes straight',
    caption: 'κ = λ_max/λ_min = 20, rotated 30°. GD at η just under 2/λ_max zigzags across the steep direction and needs over a hundred steps; Newton lands on the minimum in one step.',
    link: 'problem=quadratic&curv=1,20&angle=30&start=-4,3&range=-5,5,-5,5&steps=500&runs=gd(eta:0.09),newton&show=step',
  },
  {
    id: 'nesterov-damps',
    lecture: 'Lecture 002: momentum and Nesterov',
    title: 'Momentum overshoots the valley, Nesterov damps it',
    caption: 'Same bowl, η = 0.04 and γ = 0.9: momentum swings back and forth across the valley before it settles (step 261); Nesterov\'s look-ahead gradient brakes before each overshoot and settles in about half the steps (141).',
    link: 'problem=quadratic&curv=1,20&angle=30&start=-4,3&range=-5,5,-5,5&steps=500&eta=0.04&gamma=0.9&runs=momentum,nesterov',
  },
  {
    id: 'saddle',
    lecture: 'Lecture 002: saddles and local minima',
    title: 'A saddle where GD stalls',
    caption: 'Started 0.001 off the saddle\'s ridge, GD slides to the saddle and sits near it for dozens of steps (the gradient there is almost zero), then leaves along the direction that curves down, faster and faster.',
    link: 'problem=quadratic&curv=1,-1&start=-4,0.001&range=-5,5,-5,5&eta=0.1&steps=300&runs=gd',
  },
  {
    id: 'wells',
    lecture: 'Lecture 002: saddles and local minima',
    title: 'Local minima: GD is trapped, momentum escapes',
    caption: 'GD from (1.75, 0) stops in the nearer, worse well at (0.9, 0.9) with L = 0.686; momentum carries enough speed over the saddle into the global minimum at (−1, −1), L = 0.',
    link: 'problem=wells',
  },
  {
    id: 'rprop-quickprop',
    lecture: 'Lecture 002: Newton, Rprop and QuickProp',
    title: 'Rprop and QuickProp against GD on a rotated bowl',
    caption: 'QuickProp\'s secant step is per parameter: it assumes the bowl\'s axes are the parameters\' axes. On this bowl rotated by 30° it diverges, while GD converges and Rprop (with Riedmiller–Braun backtracking) gets there by signs alone. Set angle to 0 and QuickProp lands in 4 steps.',
    link: 'problem=quadratic&curv=1,10&angle=30&start=-4,3&range=-5,5,-5,5&steps=500&runs=gd(eta:0.15),rprop(backtrack:reset),quickprop(eta:0.1)',
  },
  {
    id: 'decay',
    lecture: 'Lecture 002: decaying learning rates',
    title: 'Decaying η against a constant η',
    caption: 'η = 0.11 is past 2/λ_max = 0.1: the constant run diverges. Exponential decay (β = 0.05) brings η under the bound but keeps shrinking it and stalls short of the minimum; halving η after 5 steps without a new low converges.',
    link: 'problem=quadratic&curv=1,20&start=-4,3&range=-5,5,-5,5&steps=400&runs=gd(eta:0.11),gd(eta:0.11;decay:exp;beta:0.05),gd(eta:0.11;decay:step;drop:0.5;patience:5)',
  },
  {
    id: 'xor',
    lecture: 'Lecture 003: backprop in small networks',
    title: 'XOR with a 2-2-1 sigmoid network gets stuck',
    caption: 'Two hidden sigmoid units are just enough for XOR in principle, but from this start GD sits on a plateau: after 2000 steps the loss is still above 0.09, far from a solution.',
    link: 'problem=mlp&dataset=xor&arch=2-2-1&act=sigmoid&steps=2000&runs=gd',
  },
  {
    id: 'spiral',
    lecture: 'Lecture 003: backprop in small networks',
    title: 'The spiral with 2-12-12-1',
    caption: 'Two tanh layers of 12 units can wind around the spiral. In 2000 steps momentum gets the loss below 0.02; plain GD is still above 0.1.',
    link: 'problem=mlp&dataset=spiral&arch=2-12-12-1&steps=2000&runs=gd,momentum',
  },
  {
    id: 'vanishing',
    lecture: 'Lecture 003: vanishing and exploding gradients',
    title: 'Vanishing gradients in a deep sigmoid network',
    caption: 'A 2-16-16-16-16-1 sigmoid network. In Gradients per layer, at step 0 layer 1\'s gradient is thousands of times smaller than layer 5\'s (about 5 300×), each layer\'s below the one above it: every sigmoid layer multiplies the error sent back by σ′ ≤ ¼. In 300 steps GD moves the loss only from 0.272 to 0.250.',
    link: 'problem=mlp&arch=2-16-16-16-16-1&act=sigmoid&eta=0.1&steps=300&opt=gd,momentum',
  },
  {
    id: 'exploding',
    lecture: 'Lecture 003: vanishing and exploding gradients',
    title: 'Exploding gradients, and clipping as the cure',
    caption: 'ReLU layers with three times the initial weights: at step 0 L ≈ 8 766 and every layer\'s gradient is in the thousands. Plain GD diverges at step 2 (it leaves the slice, which follows the first clipped run); with ‖∇L‖ clipped at 1 both clipped runs finish all 1000 steps, gd(clip:1) at L = 0.229 and momentum(clip:1) at 0.038.',
    // The clipped runs first: the slice is built from the first run's path, and plain GD's two steps gave a flat, meaningless one.
    link: 'problem=mlp&arch=2-16-16-16-16-1&act=relu&outact=identity&init=3&eta=0.1&runs=gd(clip:1),momentum(clip:1),gd',
  },
];

const byId = new Map<string, Scene>(SCENES.map((s) => [s.id, s]));

/** The scene with this id (a Map: `constructor` is just unknown). */
export function findScene(id: string): Scene | undefined {
  return byId.get(id);
}

/**
 * A fragment with `scene=<id>` opens the scene: its link with `scene=<id>` added. A hand-written link may
 * change parts of it (`#scene=taylor&t=60`): without `v` (the app's own links carry `v` and every
 * setting, so they are read as they are) each key given replaces the scene's, the others are the scene's.
 * Any other fragment is returned as it is (an unknown id is the decoder's notice).
 */
export function expandScene(fragment: string): string {
  const frag = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  const parts = frag.split('&').filter((p) => p !== '');
  const keyOf = (p: string) => {
    const eq = p.indexOf('=');
    return eq < 0 ? p : p.slice(0, eq);
  };
  let id: string | null = null;
  const own: string[] = [];
  let versioned = false;
  for (const p of parts) {
    const key = keyOf(p);
    if (key === 'scene' && p.includes('=') && id === null) id = p.slice(p.indexOf('=') + 1);
    else if (key === 'v' || key === 'c') versioned = true;
    else own.push(p);
  }
  const scene = id === null ? undefined : findScene(id);
  if (!scene || (versioned && own.length > 0)) return frag;
  const given = new Set(own.map(keyOf));
  // `opt` and `runs` say the same thing (the runs), and the scene's playback step belongs to its step count.
  const replaced = (key: string) => given.has(key) || ((key === 'opt' || key === 'runs') && (given.has('opt') || given.has('runs'))) || (key === 't' && given.has('steps'));
  const kept = scene.link.split('&').filter((p) => !replaced(keyOf(p)));
  // The scene first: a second `scene=` given is the decoder's "given more than once" notice, not the caption.
  return [`scene=${scene.id}`, ...own, ...kept].join('&');
}

/** The lecture scene the link was opened as (url/scenes.ts): its caption shows over the views. */
export const sceneField: Field<string | null> = {
  doc: 'the lecture scene shown (its caption over the views); `#scene=<id>` opens the scene, keys beside it change its settings',
  bounds: `one of the scene ids (${SCENES.length}; see Lecture scenes)`,
  fallback: null,
  parse(raw) {
    const s = findScene(raw.trim());
    return s ? ok(s.id) : bad(`"${clip(raw)}" is not a lecture scene`);
  },
  format: (v) => v ?? '',
  omit: (v) => v === null,
};
