import { compile } from '@ddx/codegen';
import { lectureNetwork, mlp, randomGraph } from '@ddx/workloads';
import { describe, expect, it } from 'vitest';
import { maxRelativeDifference } from '../src/agreement.js';
import { CapExceeded, Deadline } from '../src/caps.js';
import { finiteDifferences } from '../src/peers/finite-differences.js';
import { inlinedSize, mathjsGradient, maxInlinedNodes } from '../src/peers/mathjs.js';
import { loadTf, tfMlpGradient, tfTapeGradient } from '../src/peers/tfjs.js';
import { graphReferenceSource, lectureReference, mlpReference } from '../src/reference.js';
import { tapeOf } from '../src/tape.js';

type Gradient = (params: Float64Array, inputs: Float64Array, out: Float64Array) => number;

/** A workload's point as the arrays ABI takes it. */
function point(workload: ReturnType<typeof lectureNetwork>) {
  return {
    params: Float64Array.from(workload.wrt, (name) => workload.at.get(name)!),
    inputs: Float64Array.from(workload.inputs, (name) => workload.at.get(name)!),
  };
}

function gradientOf(workload: ReturnType<typeof lectureNetwork>, gradient: Gradient) {
  const { params, inputs } = point(workload);
  const out = new Float64Array(workload.wrt.length);
  const value = gradient(params, inputs, out);
  return { value, out };
}

/** ddx's own gradient, compiled in process (the reference every peer is compared against). */
function ddxGradient(workload: ReturnType<typeof lectureNetwork>) {
  const fn = workload.program.functions.at(-1)!;
  const J = compile(fn, { grad: true, abi: 'arrays', wrt: workload.wrt }) as unknown as Gradient;
  return gradientOf(workload, J);
}

describe('peers on the lecture network (J = 2, gradient 6, 6, 4, 2)', () => {
  const lecture = lectureNetwork();
  const fn = lecture.program.functions.at(-1)!;
  const lectureGradient = [6, 6, 4, 2];

  it('ddx and the hand-written reference give the lecture numbers', () => {
    expect(Array.from(ddxGradient(lecture).out)).toEqual(lectureGradient);
    const hand = gradientOf(lecture, lectureReference().gradient);
    expect(hand.value).toBe(2);
    expect(Array.from(hand.out)).toEqual(lectureGradient);
  });

  it('central differences agree to about 1e-10', () => {
    const { out } = gradientOf(
      lecture,
      finiteDifferences(lectureReference().value, new Deadline()),
    );
    expect(maxRelativeDifference(out, Float64Array.from(lectureGradient))).toBeLessThan(1e-8);
  });

  it('math.js: one derivative per parameter, compiled', () => {
    const { gradient } = mathjsGradient(fn, lecture.wrt, lecture.inputs, new Deadline());
    const { value, out } = gradientOf(lecture, gradient);
    expect(value).toBe(2);
    expect(Array.from(out)).toEqual(lectureGradient);
  });

  it('TF.js (CPU backend, its own gradient registrations) gives the same gradient', async () => {
    const tf = await loadTf();
    expect(tf.getBackend()).toBe('cpu');
    const tape = tapeOf(fn, lecture.wrt, lecture.inputs);
    const { value, out } = gradientOf(lecture, tfTapeGradient(tf, tape, new Deadline()));
    expect(value).toBe(2);
    expect(Array.from(out)).toEqual(lectureGradient);
  });
});

describe('peers on an MLP and a random graph agree with ddx', () => {
  it('the hand-written MLP and TF.js matMul layers (float32)', async () => {
    const network = mlp([3, 4, 2]);
    const ddx = ddxGradient(network);
    const hand = gradientOf(network, mlpReference([3, 4, 2]).gradient);
    expect(maxRelativeDifference(hand.out, ddx.out)).toBeLessThan(1e-12);
    const tf = gradientOf(network, tfMlpGradient(await loadTf(), [3, 4, 2]));
    const difference = maxRelativeDifference(tf.out, ddx.out);
    expect(difference).toBeGreaterThan(0); // float32: never bit-identical
    expect(difference).toBeLessThan(1e-4);
  });

  it('the reference generator handles nested bindings (more parameters than nodes)', async () => {
    const graph = randomGraph(40, { params: 300 });
    const source = graphReferenceSource(graph.program.functions.at(-1)!, graph.wrt);
    const url = `data:text/javascript,${encodeURIComponent(source)}`;
    const reference = (await import(/* @vite-ignore */ url)) as { gradient: Gradient };
    const hand = gradientOf(graph, reference.gradient);
    const ddx = ddxGradient(graph);
    expect(hand.value).toBeCloseTo(ddx.value, 12);
    expect(maxRelativeDifference(hand.out, ddx.out)).toBeLessThan(1e-9);
  });
});

describe('caps: a peer that cannot finish says how far it got', () => {
  it('math.js stops between partials when its deadline has passed', () => {
    const network = mlp([8, 16, 16, 1]);
    const fn = network.program.functions.at(-1)!;
    const deadline = new Deadline().start(0);
    expect(() => mathjsGradient(fn, network.wrt, network.inputs, deadline)).toThrow(
      /^0 of 433 partials in \d+\.\d s$/,
    );
  });

  it('math.js does not attempt an expression too large once bindings are substituted', () => {
    // Shared subexpressions: each node's tree doubles when two later nodes use it.
    const graph = randomGraph(1000);
    const fn = graph.program.functions.at(-1)!;
    expect(inlinedSize(fn)).toBeGreaterThan(maxInlinedNodes);
    expect(() => mathjsGradient(fn, graph.wrt, graph.inputs, new Deadline())).toThrow(
      /^0 of 32 partials: the expression has [\d.]+e\+\d+ nodes once bindings are substituted/,
    );
  });

  it('finite differences stop mid-gradient with the calls made', () => {
    const network = mlp([8, 16, 16, 1]);
    const fd = finiteDifferences(mlpReference([8, 16, 16, 1]).value, new Deadline().start(0));
    let caught: unknown;
    try {
      gradientOf(network, fd);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CapExceeded);
    expect((caught as CapExceeded).progress).toMatch(/^32 of 866 value calls in \d+\.\d s$/);
  });

  it('TF.js stops its forward sweep', async () => {
    const graph = randomGraph(1000);
    const tape = tapeOf(graph.program.functions.at(-1)!, graph.wrt, graph.inputs);
    const gradient = tfTapeGradient(await loadTf(), tape, new Deadline().start(0));
    expect(() => gradientOf(graph, gradient)).toThrow(
      /^forward sweep stopped at operation 256 of [\d,]+$/,
    );
  });
});
