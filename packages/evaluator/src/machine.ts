/**
 * The interpreter. It never recurses on the JavaScript stack: each function call is a frame on
 * an explicit stack, and each expression is walked with an explicit work list, so a sum of 10^5
 * terms or 10^4 nested parentheses is as safe as `w^2`.
 *
 * Within a call, every expression node is computed once (a DAG shared by bindings, as the
 * transform emits, costs its size, not its tree size). A conditional computes only the branch
 * it takes: the other may be undefined there (`x > 0 ? log(x) : 0`), and it is wasted work.
 */
import {
  catalogue,
  constants,
  DdxError,
  reservedNames,
  type Call,
  type Expression,
  type FunctionDef,
  type Span,
} from '@ddx/ast';
import type { Domain } from './domain.js';
import { isBuiltinCall, type Environment } from './program.js';

interface Frame<V> {
  readonly fn: FunctionDef;
  /** Parameters and bindings by name (a Map: ddx names are not JavaScript keys). */
  readonly scope: Map<string, V>;
  /** The value of every expression node computed so far in this call. */
  readonly memo: Map<Expression, V>;
  /** Nodes still to compute; the top is computed once its operands are in `memo`. */
  readonly work: Expression[];
  /** The statement in progress: bindings first, then results; -1 before the first. */
  statement: number;
  readonly results: V[];
}

/** What a call of the entry function leaves behind, for `trace`. */
export interface Run<V> {
  readonly results: readonly V[];
  readonly scope: ReadonlyMap<string, V>;
  readonly memo: ReadonlyMap<Expression, V>;
  /** How many expression nodes were computed, in every call: the cost of the run. */
  readonly steps: number;
}

/** Runs `fn` on `args` (already checked against its parameters) in `domain`. */
export function execute<V>(
  environment: Environment,
  domain: Domain<V>,
  fn: FunctionDef,
  args: readonly V[],
): Run<V> {
  const entry = newFrame(fn, args);
  const frames: Frame<V>[] = [entry];
  let steps = 0;
  while (frames.length > 0) {
    const frame = frames[frames.length - 1]!;
    const callee = advance(frame, domain, environment);
    if (callee !== undefined) {
      const call = frame.work[frame.work.length - 1] as Call;
      frames.push(
        newFrame(
          callee,
          call.args.map((arg) => frame.memo.get(arg)!),
        ),
      );
      continue;
    }
    frames.pop();
    steps += frame.memo.size;
    const caller = frames[frames.length - 1];
    // The caller's pending call is on top of its work list; the callee has one result.
    if (caller !== undefined) caller.memo.set(caller.work.pop()!, frame.results[0]!);
  }
  return { results: entry.results, scope: entry.scope, memo: entry.memo, steps };
}

function newFrame<V>(fn: FunctionDef, args: readonly V[]): Frame<V> {
  const scope = new Map<string, V>();
  fn.params.forEach((name, index) => {
    checkNewName(fn, scope, name, 'parameter', fn.paramSpans?.[index]);
    scope.set(name, args[index]!);
  });
  return { fn, scope, memo: new Map(), work: [], statement: -1, results: [] };
}

/** `'J'`, or `the expression` for the anonymous function of a bare expression. */
function nameOf(fn: FunctionDef): string {
  return fn.name === '' ? 'the expression' : `'${fn.name}'`;
}

/** The parser rejects these already; ASTs built by hand get the same errors here. */
function checkNewName<V>(
  fn: FunctionDef,
  scope: ReadonlyMap<string, V>,
  name: string,
  role: 'parameter' | 'binding',
  span: Span | undefined,
): void {
  const where = span === undefined ? {} : { span };
  if (reservedNames.has(name)) {
    throw new DdxError(
      'reserved-name',
      `'${name}' is a built-in constant and cannot be bound`,
      where,
    );
  }
  if (scope.has(name)) {
    const code = role === 'parameter' ? 'duplicate-parameter' : 'rebinding';
    throw new DdxError(code, `'${name}' is already defined in ${nameOf(fn)}`, where);
  }
}

/**
 * Computes the frame's statements until it is done (undefined) or until it needs the value of
 * a user function call (that function, to be run in a new frame).
 */
function advance<V>(
  frame: Frame<V>,
  domain: Domain<V>,
  environment: Environment,
): FunctionDef | undefined {
  const { fn, work, memo } = frame;
  for (;;) {
    while (work.length > 0) {
      const node = work[work.length - 1]!;
      if (memo.has(node)) {
        work.pop();
        continue;
      }
      const callee = step(frame, node, domain, environment);
      if (callee !== undefined) return callee;
    }
    if (frame.statement >= 0) finishStatement(frame);
    frame.statement++;
    const root = statementRoot(fn, frame.statement);
    if (root === undefined) return undefined;
    work.push(root);
  }
}

function statementRoot(fn: FunctionDef, statement: number): Expression | undefined {
  if (statement < fn.body.length) return fn.body[statement]!.value;
  return fn.results[statement - fn.body.length];
}

function finishStatement<V>(frame: Frame<V>): void {
  const { fn, statement } = frame;
  const value = frame.memo.get(statementRoot(fn, statement)!)!;
  if (statement >= fn.body.length) {
    frame.results.push(value);
    return;
  }
  const binding = fn.body[statement]!;
  checkNewName(fn, frame.scope, binding.name, 'binding', binding.nameSpan ?? binding.span);
  frame.scope.set(binding.name, value);
}

/**
 * One move on the node at the top of the work list: compute it if its operands are known,
 * else push the missing ones (rightmost first, so the leftmost is computed first).
 */
function step<V>(
  frame: Frame<V>,
  node: Expression,
  domain: Domain<V>,
  environment: Environment,
): FunctionDef | undefined {
  const { memo, work } = frame;
  switch (node.kind) {
    case 'Number':
      return done(frame, node, domain.constant(node.value));
    case 'Constant':
      return done(frame, node, domain.constant(constants[node.name]));
    case 'Identifier':
      return done(frame, node, lookup(frame, node.name, node.span));
    case 'Unary': {
      const operand = memo.get(node.operand);
      if (operand === undefined) work.push(node.operand);
      else done(frame, node, domain.unary(node.operator, operand));
      return undefined;
    }
    case 'Binary': {
      const left = memo.get(node.left);
      const right = memo.get(node.right);
      if (right === undefined) work.push(node.right);
      if (left === undefined) work.push(node.left);
      if (left !== undefined && right !== undefined) {
        done(frame, node, domain.binary(node.operator, left, right));
      }
      return undefined;
    }
    case 'Conditional': {
      const test = memo.get(node.test);
      if (test === undefined) {
        work.push(node.test);
        return undefined;
      }
      const branch = domain.test(test) ? node.consequent : node.alternate;
      const value = memo.get(branch);
      if (value === undefined) work.push(branch);
      else done(frame, node, value);
      return undefined;
    }
    case 'Call':
      return stepCall(frame, node, domain, environment);
  }
}

function stepCall<V>(
  frame: Frame<V>,
  node: Call,
  domain: Domain<V>,
  environment: Environment,
): FunctionDef | undefined {
  const builtin = isBuiltinCall(node);
  // Resolve a user callee before its arguments: an unknown name is reported first.
  const callee = builtin ? undefined : environment.callee(node, frame.fn);
  const args: V[] = [];
  let ready = true;
  for (let index = node.args.length - 1; index >= 0; index--) {
    const value = frame.memo.get(node.args[index]!);
    if (value === undefined) {
      frame.work.push(node.args[index]!);
      ready = false;
    } else args[index] = value;
  }
  if (!ready) return undefined;
  if (callee !== undefined) return callee;
  done(frame, node, domain.builtin(catalogue.get(node.callee)!, args));
  return undefined;
}

function lookup<V>(frame: Frame<V>, name: string, span: Expression['span']): V {
  const value = frame.scope.get(name);
  if (value !== undefined) return value;
  const known = frame.fn.body.some((binding) => binding.name === name);
  const message = known
    ? `'${name}' is used before it is bound in ${nameOf(frame.fn)}`
    : `'${name}' is not a parameter or a binding of ${nameOf(frame.fn)}`;
  throw new DdxError('unbound-name', message, span === undefined ? {} : { span });
}

function done<V>(frame: Frame<V>, node: Expression, value: V): undefined {
  frame.memo.set(node, value);
  frame.work.pop();
  return undefined;
}
