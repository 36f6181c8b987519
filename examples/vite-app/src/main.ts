/**
 * The page's numbers come from J and J_grad, which the ddx plugin generated from network.ddx
 * when Vite built the page. Their types come from `ddx gen --dts` (the nx target `gen`).
 */
import { J, J_grad } from './network.ddx';

const x = 1;
const y = 5;
const learningRate = 0.01;
const steps = 100;

const gradient = J_grad(2, 0, 3, 1, x, y);
show('value', String(gradient.value));
show('gradient', [gradient.w1, gradient.b1, gradient.w2, gradient.b2].join(', '));

// w_j = w_j - α · dJ/dw_j
const params = { w1: 2, b1: 0, w2: 3, b2: 1 };
for (let step = 0; step < steps; step += 1) {
  const partials = J_grad(params.w1, params.b1, params.w2, params.b2, x, y);
  params.w1 -= learningRate * partials.w1;
  params.b1 -= learningRate * partials.b1;
  params.w2 -= learningRate * partials.w2;
  params.b2 -= learningRate * partials.b2;
}
show('steps', String(steps));
show('trained', J(params.w1, params.b1, params.w2, params.b2, x, y).toExponential(3));
document.body.dataset['ready'] = 'true';

function show(id: string, text: string): void {
  const output = document.getElementById(id);
  if (output === null) throw new Error(`the page has no #${id}`);
  output.textContent = text;
}
