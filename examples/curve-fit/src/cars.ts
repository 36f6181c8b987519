/**
 * The cars data set of the npm package `vega-datasets` (StatLib's 1983 ASA exposition data),
 * read from the installed package: its own loader fetches from a CDN, and this example runs
 * offline. Cars without a horsepower or an mpg figure are dropped.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Cars {
  readonly horsepower: Float64Array;
  readonly mpg: Float64Array;
  /** How many records the file holds, and how many were dropped for a missing value. */
  readonly total: number;
  readonly dropped: number;
  readonly file: string;
}

interface CarRecord {
  readonly Horsepower: number | null;
  readonly Miles_per_Gallon: number | null;
}

/** `node_modules/vega-datasets/data/cars.json` (the package exports only its loader). */
export function carsFile(): string {
  const entry = fileURLToPath(import.meta.resolve('vega-datasets'));
  return join(dirname(entry), '..', 'data', 'cars.json');
}

export function loadCars(file = carsFile()): Cars {
  const records = JSON.parse(readFileSync(file, 'utf8')) as CarRecord[];
  const complete = records.filter(
    (car) => typeof car.Horsepower === 'number' && typeof car.Miles_per_Gallon === 'number',
  );
  return {
    horsepower: Float64Array.from(complete, (car) => car.Horsepower!),
    mpg: Float64Array.from(complete, (car) => car.Miles_per_Gallon!),
    total: records.length,
    dropped: records.length - complete.length,
    file,
  };
}
