/**
 * The lecture's two-layer network, trained by gradient descent on its one example (x = 1, y = 5):
 * repeat { w_j = w_j - α · dJ/dw_j }, with dJ/dw_j from J_grad, which `ddx gen` wrote at build time
 * (the nx target `gen`; see package.json).
 */
import { J, J_grad } from '../generated/network.js';

type Parameters = { w1: number; b1: number; w2: number; b2: number };
const names = ['w1', 'b1', 'w2', 'b2'] as const;

const x = 1;
const y = 5;
const learningRate = 0.01;
const steps = 100;

const start: Parameters = { w1: 2, b1: 0, w2: 3, b2: 1 };
const first = J_grad(start.w1, start.b1, start.w2, start.b2, x, y);
console.log(`At the lecture's point ${describe(start)} (x = ${x}, y = ${y}):`);
console.log(`  J = ${first.value}`);
console.log(
  `  dJ/dw1 = ${first.w1}, dJ/db1 = ${first.b1}, dJ/dw2 = ${first.w2}, dJ/db2 = ${first.b2}`,
);
console.log(`Gradient descent, α = ${learningRate}:`);
console.log('  step  J');

const current: Parameters = { ...start };
for (let step = 0; step <= steps; step += 1) {
  const gradient = J_grad(current.w1, current.b1, current.w2, current.b2, x, y);
  if (step % 10 === 0)
    console.log(`  ${String(step).padStart(4)}  ${gradient.value.toExponential(3)}`);
  for (const name of names) current[name] -= learningRate * gradient[name];
}

const final = J(current.w1, current.b1, current.w2, current.b2, x, y);
console.log(`Trained: ${describe(current)}`);
console.log(`final J = ${final}`);

function describe(parameters: Parameters): string {
  return names.map((name) => `${name} = ${round(parameters[name])}`).join(', ');
}

function round(value: number): number {
  return Number(value.toPrecision(6));
}
