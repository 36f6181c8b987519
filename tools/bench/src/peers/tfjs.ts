/**
 * TensorFlow.js, `tf.valueAndGrad` on the pure-JavaScript CPU backend (float32 only). Its
 * CommonJS bundles load in Node 20; its gradient registrations are loaded through the hooks of
 * tfjs-hooks.ts. The MLPs are written as a TF.js user writes them (matrices, `matMul`); the
 * lecture network and the random graphs, which have no such structure, as one scalar op per
 * operation of the program, in order.
 */
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import type * as TF from '@tensorflow/tfjs-core';
import { CapExceeded, count, type Deadline } from '../caps.js';
import type { Tape } from '../tape.js';
import { tfjsHooksUrl } from './tfjs-hooks.js';

type Tf = typeof TF;
type Gradient = (params: Float64Array, inputs: Float64Array, out: Float64Array) => number;

const require = createRequire(import.meta.url);
let loading: Promise<Tf> | undefined;

/** TF.js with the CPU backend and every gradient registered (once per process). */
export function loadTf(): Promise<Tf> {
  loading ??= (async () => {
    register(tfjsHooksUrl);
    const tf = require('@tensorflow/tfjs-core') as Tf;
    require('@tensorflow/tfjs-backend-cpu');
    const gradients = require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js');
    await import(pathToFileURL(gradients).href);
    await tf.setBackend('cpu');
    // Production mode, as one benchmarks TF.js: no debug checks (and no console hint).
    tf.enableProdMode();
    return tf;
  })();
  return loading;
}

/** Runs `valueAndGrad` of `f` in a tidy scope and copies the float32 gradient into `out`. */
function runner(tf: Tf, f: (params: TF.Tensor1D, inputs: Float64Array) => TF.Scalar): Gradient {
  return (params, inputs, out) =>
    tf.tidy(() => {
      const { value, grad } = tf.valueAndGrad((p: TF.Tensor1D) => f(p, inputs))(
        tf.tensor1d(Float32Array.from(params)),
      );
      out.set(grad.dataSync());
      return value.dataSync()[0]!;
    });
}

/** One scalar op per tape node; the deadline is checked as the forward sweep goes. */
export function tfTapeGradient(tf: Tf, tape: Tape, deadline: Deadline): Gradient {
  const unary: Record<string, (x: TF.Scalar) => TF.Scalar> = {
    neg: tf.neg,
    sin: tf.sin,
    cos: tf.cos,
    tanh: tf.tanh,
    sigmoid: tf.sigmoid,
    relu: tf.relu,
    exp: tf.exp,
    log: tf.log,
    sqrt: tf.sqrt,
  };
  const binary: Record<string, (a: TF.Scalar, b: TF.Scalar) => TF.Scalar> = {
    '+': tf.add,
    '-': tf.sub,
    '*': tf.mul,
    '/': tf.div,
    '^': tf.pow,
  };
  const base = tape.params + tape.inputs;
  const two = tape.constants.indexOf(2);
  for (const { op } of tape.nodes) {
    if (!(op in unary) && !(op in binary)) throw new Error(`TF.js peer: no operation ${op}`);
  }
  return runner(tf, (p, inputs) => {
    // A copy: the array unstack returns is its tape record of outputs.
    const values = [...(tf.unstack(p) as TF.Scalar[])];
    for (let i = 0; i < tape.inputs; i++) values.push(tf.scalar(inputs[i]!));
    for (const constant of tape.constants) values.push(tf.scalar(constant));
    const total = tape.nodes.length;
    for (let n = 0; n < total; n++) {
      const { op, args } = tape.nodes[n]!;
      const a = values[args[0]!]!;
      // x^2 as a person writes it in TF.js: square (pow's gradient also differentiates the exponent).
      values.push(
        op === '^' && args[1] === base + two
          ? tf.square(a)
          : args.length === 1
            ? unary[op]!(a)
            : binary[op]!(a, values[args[1]!]!),
      );
      if ((n & 255) === 255 && deadline.passed()) {
        throw new CapExceeded(
          `forward sweep stopped at operation ${count(n + 1)} of ${count(total)}`,
        );
      }
    }
    return values[tape.result]!;
  });
}

/**
 * A tanh MLP with a linear output and squared loss, with weights as matrices. The flat parameter
 * vector (per layer, per unit: its weights, then its bias) is sliced into [units, fanIn + 1]
 * blocks, so the gradient comes back in the same layout as every other tool's.
 */
export function tfMlpGradient(tf: Tf, sizes: readonly number[]): Gradient {
  const outputs = sizes[sizes.length - 1]!;
  return runner(tf, (p, inputs) => {
    let h: TF.Tensor2D = tf.tensor2d(Float32Array.from(inputs.subarray(0, sizes[0]!)), [
      sizes[0]!,
      1,
    ]);
    let offset = 0;
    for (let l = 1; l < sizes.length; l++) {
      const units = sizes[l]!;
      const fanIn = sizes[l - 1]!;
      const size = units * (fanIn + 1);
      const block = tf.reshape(tf.slice(p, [offset], [size]), [units, fanIn + 1]) as TF.Tensor2D;
      const weights = tf.slice(block, [0, 0], [units, fanIn]);
      const bias = tf.slice(block, [0, fanIn], [units, 1]);
      const z = tf.add(tf.matMul(weights, h), bias) as TF.Tensor2D;
      h = l < sizes.length - 1 ? tf.tanh(z) : z;
      offset += size;
    }
    const targets = tf.tensor2d(
      Float32Array.from(inputs.subarray(sizes[0]!, sizes[0]! + outputs)),
      [outputs, 1],
    );
    return tf.sum(tf.square(tf.sub(h, targets)));
  });
}
