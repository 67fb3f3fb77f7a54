/**
 * A faithful re-implementation, for the bench, of the network code of TensorFlow Playground
 * (github.com/tensorflow/playground, src/nn.ts, Apache-2.0): a graph of `Node` objects joined by `Link`
 * objects, `buildNetwork`, `forwardProp` (one example, returns the output), `backProp` (one example,
 * accumulates accInputDer / accErrorDer on nodes and links), `updateWeights` (divides the accumulated
 * derivatives by their count and steps), and the training loop of playground.ts `oneStep`: for every
 * example forwardProp + backProp, updateWeights after every `batchSize` examples (here the whole set:
 * full batch). Activations and the squared error keep their `output` / `der` pairs, including the
 * re-evaluation of tanh and σ inside `der`. Error = ½(o − d)², so one step with rate η equals one step of
 * our MSE (no ½) with rate η/2. Only the parts the bench needs are kept (no regularization, no ids for
 * the UI); weights are loaded from our flat θ layout instead of Math.random so both compute the same path.
 */

export interface ActivationFunction {
  output: (input: number) => number;
  der: (input: number) => number;
}

export interface ErrorFunction {
  error: (output: number, target: number) => number;
  der: (output: number, target: number) => number;
}

export const Errors: { SQUARE: ErrorFunction } = {
  SQUARE: {
    error: (output, target) => 0.5 * Math.pow(output - target, 2),
    der: (output, target) => output - target,
  },
};

export const Activations: Record<'TANH' | 'SIGMOID', ActivationFunction> = {
  TANH: {
    output: (x) => Math.tanh(x),
    der: (x) => {
      const output = Activations.TANH.output(x);
      return 1 - output * output;
    },
  },
  SIGMOID: {
    output: (x) => 1 / (1 + Math.exp(-x)),
    der: (x) => {
      const output = Activations.SIGMOID.output(x);
      return output * (1 - output);
    },
  },
};

export class Node {
  inputLinks: Link[] = [];
  bias = 0.1;
  outputs: Link[] = [];
  totalInput = 0;
  output = 0;
  outputDer = 0;
  inputDer = 0;
  accInputDer = 0;
  numAccumulatedDers = 0;
  constructor(
    public id: string,
    public activation: ActivationFunction,
  ) {}

  updateOutput(): number {
    this.totalInput = this.bias;
    for (let j = 0; j < this.inputLinks.length; j++) {
      const link = this.inputLinks[j]!;
      this.totalInput += link.weight * link.source.output;
    }
    this.output = this.activation.output(this.totalInput);
    return this.output;
  }
}

export class Link {
  id: string;
  weight = 0;
  isDead = false;
  errorDer = 0;
  accErrorDer = 0;
  numAccumulatedDers = 0;
  constructor(
    public source: Node,
    public dest: Node,
  ) {
    this.id = source.id + '-' + dest.id;
  }
}

export function buildNetwork(networkShape: number[], activation: ActivationFunction, outputActivation: ActivationFunction): Node[][] {
  const network: Node[][] = [];
  let id = 1;
  for (let layerIdx = 0; layerIdx < networkShape.length; layerIdx++) {
    const isOutputLayer = layerIdx === networkShape.length - 1;
    const currentLayer: Node[] = [];
    network.push(currentLayer);
    for (let i = 0; i < networkShape[layerIdx]!; i++) {
      const node = new Node(layerIdx === 0 ? `x${i}` : String(id++), isOutputLayer ? outputActivation : activation);
      currentLayer.push(node);
      if (layerIdx >= 1) {
        for (const prevNode of network[layerIdx - 1]!) {
          const link = new Link(prevNode, node);
          prevNode.outputs.push(link);
          node.inputLinks.push(link);
        }
      }
    }
  }
  return network;
}

export function forwardProp(network: Node[][], inputs: number[]): number {
  const inputLayer = network[0]!;
  for (let i = 0; i < inputLayer.length; i++) inputLayer[i]!.output = inputs[i]!;
  for (let layerIdx = 1; layerIdx < network.length; layerIdx++) {
    const currentLayer = network[layerIdx]!;
    for (let i = 0; i < currentLayer.length; i++) currentLayer[i]!.updateOutput();
  }
  return network[network.length - 1]![0]!.output;
}

export function backProp(network: Node[][], target: number, errorFunc: ErrorFunction): void {
  const outputNode = network[network.length - 1]![0]!;
  outputNode.outputDer = errorFunc.der(outputNode.output, target);
  for (let layerIdx = network.length - 1; layerIdx >= 1; layerIdx--) {
    const currentLayer = network[layerIdx]!;
    for (const node of currentLayer) {
      node.inputDer = node.outputDer * node.activation.der(node.totalInput);
      node.accInputDer += node.inputDer;
      node.numAccumulatedDers++;
    }
    for (const node of currentLayer) {
      for (const link of node.inputLinks) {
        if (link.isDead) continue;
        link.errorDer = node.inputDer * link.source.output;
        link.accErrorDer += link.errorDer;
        link.numAccumulatedDers++;
      }
    }
    if (layerIdx === 1) continue;
    for (const node of network[layerIdx - 1]!) {
      node.outputDer = 0;
      for (const output of node.outputs) node.outputDer += output.weight * output.dest.inputDer;
    }
  }
}

export function updateWeights(network: Node[][], learningRate: number): void {
  for (let layerIdx = 1; layerIdx < network.length; layerIdx++) {
    for (const node of network[layerIdx]!) {
      if (node.numAccumulatedDers > 0) {
        node.bias -= (learningRate * node.accInputDer) / node.numAccumulatedDers;
        node.accInputDer = 0;
        node.numAccumulatedDers = 0;
      }
      for (const link of node.inputLinks) {
        if (link.isDead) continue;
        if (link.numAccumulatedDers > 0) {
          link.weight = link.weight - (learningRate / link.numAccumulatedDers) * link.accErrorDer;
          link.accErrorDer = 0;
          link.numAccumulatedDers = 0;
        }
      }
    }
  }
}

/** playground.ts `oneStep` with batchSize = all points; returns the training error ½-MSE seen in the pass. */
export function oneStep(network: Node[][], points: { x: number[]; label: number }[], learningRate: number): number {
  let loss = 0;
  points.forEach((point, i) => {
    const output = forwardProp(network, point.x);
    loss += Errors.SQUARE.error(output, point.label);
    backProp(network, point.label, Errors.SQUARE);
    if ((i + 1) % points.length === 0) updateWeights(network, learningRate);
  });
  return loss / points.length;
}

/** Copies our flat θ (per layer W [out][in] row-major, then b) into the links and biases. */
export function loadWeights(network: Node[][], theta: ArrayLike<number>): void {
  let k = 0;
  for (let l = 1; l < network.length; l++) {
    for (const node of network[l]!) for (const link of node.inputLinks) link.weight = theta[k++]!;
    for (const node of network[l]!) node.bias = theta[k++]!;
  }
}

/** The inverse of loadWeights. */
export function readWeights(network: Node[][]): number[] {
  const theta: number[] = [];
  for (let l = 1; l < network.length; l++) {
    for (const node of network[l]!) for (const link of node.inputLinks) theta.push(link.weight);
    for (const node of network[l]!) theta.push(node.bias);
  }
  return theta;
}
