/**
 * Fits mpg ≈ a + b · exp(-c · hp) to the cars of `vega-datasets` by minimising the mean of
 * 1/2 · residual² twice with the same damped Newton method: once with the gradient and Hessian
 * that `ddx gen` generated at build time (car_loss_grad, car_loss_hessian), once with central
 * differences of the loss alone. Prints both fits and how far apart they are.
 */
import { car_loss, car_loss_grad, car_loss_hessian, mpg_model } from '../generated/model.js';
import { loadCars } from './cars.js';
import { centralDerivatives, centralGradient } from './central-differences.js';
import { minimise, type Derivatives, type Fit, type Problem } from './newton.js';

const cars = loadCars();
const count = cars.horsepower.length;
const names = ['a', 'b', 'c'] as const;
const start = [10, 50, 0.01];

/** Passes over the data: a loss, or a loss with its gradient and Hessian, reads every car once. */
let dataPasses = 0;

function meanLoss([a, b, c]: readonly number[]): number {
  dataPasses += 1;
  let sum = 0;
  for (let i = 0; i < count; i += 1) sum += car_loss(a!, b!, c!, cars.horsepower[i]!, cars.mpg[i]!);
  return sum / count;
}

function generatedDerivatives([a, b, c]: readonly number[]): Derivatives {
  dataPasses += 1;
  let loss = 0;
  const gradient = [0, 0, 0];
  const hessian = new Array<number>(9).fill(0);
  for (let i = 0; i < count; i += 1) {
    const hp = cars.horsepower[i]!;
    const mpg = cars.mpg[i]!;
    const partials = car_loss_grad(a!, b!, c!, hp, mpg);
    loss += partials.value;
    gradient[0]! += partials.a;
    gradient[1]! += partials.b;
    gradient[2]! += partials.c;
    const second = car_loss_hessian(a!, b!, c!, hp, mpg);
    for (let k = 0; k < 9; k += 1) hessian[k]! += second[k]!;
  }
  return {
    loss: loss / count,
    gradient: gradient.map((g) => g / count),
    hessian: hessian.map((h) => h / count),
  };
}

interface Run {
  readonly fit: Fit;
  /** Passes over the data: a loss, or (generated) a loss with its gradient and Hessian. */
  readonly passes: number;
}

function run(problem: Problem): Run {
  dataPasses = 0;
  const fit = minimise(problem, start);
  return { fit, passes: dataPasses };
}

console.log(
  `cars.json (vega-datasets): ${cars.total} cars, ${count} with horsepower and mpg (${cars.dropped} dropped)`,
);
console.log('model: mpg ≈ a + b · exp(-c · hp); loss = mean of 1/2 · (model - mpg)²');

const generatedAtStart = generatedDerivatives(start).gradient;
const centralAtStart = centralGradient(meanLoss, start);
console.log(`\nThe gradient at the start a = ${start[0]}, b = ${start[1]}, c = ${start[2]}:`);
console.log(`  generated (car_loss_grad):  ${generatedAtStart.map(format).join('  ')}`);
console.log(`  central differences:        ${centralAtStart.map(format).join('  ')}`);
console.log(
  `  largest relative difference: ${format(maxRelativeDifference(generatedAtStart, centralAtStart))}`,
);

const generated = run({ loss: meanLoss, derivatives: generatedDerivatives });
const central = run({
  loss: meanLoss,
  derivatives: (params) => centralDerivatives(meanLoss, params),
});

console.log('\nDamped Newton from the same start:');
const rows = [
  ['derivatives', ...names, 'loss', 'rmse (mpg)', 'iterations', 'passes over the data'],
  row('generated', generated),
  row('central differences', central),
];
printTable(rows);

const [a, b, c] = generated.fit.params as [number, number, number];
console.log(`\nfit: mpg ≈ ${round(a)} + ${round(b)} · exp(-${round(c)} · hp)`);
for (const hp of [50, 100, 150, 200]) {
  console.log(`  hp = ${hp}: ${mpg_model(a, b, c, hp).toFixed(1)} mpg`);
}
console.log(
  `max relative difference between the two fits' parameters: ${format(maxRelativeDifference(generated.fit.params, central.fit.params))}`,
);
console.log(`difference in loss: ${format(Math.abs(generated.fit.loss - central.fit.loss))}`);
if (!generated.fit.converged || !central.fit.converged) {
  console.log('warning: a fit stopped before converging');
  process.exitCode = 1;
}

function row(label: string, { fit, passes }: Run): string[] {
  return [
    label,
    ...fit.params.map((value) => String(round(value))),
    fit.loss.toPrecision(12),
    Math.sqrt(2 * fit.loss).toFixed(4),
    String(fit.iterations),
    String(passes),
  ];
}

function printTable(table: readonly (readonly string[])[]): void {
  const widths = table[0]!.map((_, column) =>
    Math.max(...table.map((line) => line[column]!.length)),
  );
  for (const line of table) {
    console.log(
      `  ${line.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')}`,
    );
  }
}

function maxRelativeDifference(left: readonly number[], right: readonly number[]): number {
  return Math.max(
    ...left.map(
      (value, i) => Math.abs(value - right[i]!) / Math.max(Math.abs(value), Math.abs(right[i]!)),
    ),
  );
}

function round(value: number): number {
  return Number(value.toPrecision(7));
}

function format(value: number): string {
  return value.toPrecision(6);
}
