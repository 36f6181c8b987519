// Prints "N passed, M failed" from vitest's JSON report (the line CI reads).
// A missing or unreadable report counts as one failure: the test command did not get that far.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'reports/vitest.json';
try {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const failed = report.numFailedTests + (report.numFailedTestSuites ?? 0);
  console.log(`${report.numPassedTests} passed, ${failed} failed`);
  process.exitCode = failed > 0 || report.numPassedTests === 0 ? 1 : 0;
} catch {
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
}
