/**
 * The serialisability check for functions shipped to worker threads (Spark ClosureCleanerSuite).
 * Shapes are built from source text with `new Function`, so the expected names do not depend on
 * how vitest compiles this file; the last group checks functions written here, as compiled.
 */
import { describe, expect, it } from 'vitest';
import {
  bind, findCapturedIdentifiers, reviveFunction, serializeFunction,
} from '../../src/shared/util/closure.js';
import type { AnyFunction } from '../../src/shared/util/closure.js';
import { SparkException } from '../../src/shared/errors.js';

/** A function whose toString() is exactly `source`; it is never called with free names unbound. */
function fromSource(source: string): AnyFunction {
  return new Function(`return (${source});`)() as AnyFunction;
}

function captured(source: string): string[] {
  return findCapturedIdentifiers(fromSource(source));
}

function thrown(action: () => unknown): SparkException {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(SparkException);
    return error as SparkException;
  }
  throw new Error('expected a SparkException');
}

describe('findCapturedIdentifiers', () => {
  it.each([
    ['arrow with expression body', '(x) => x * factor', ['factor']],
    ['arrow without parentheses', 'x => x + offset', ['offset']],
    ['arrow with block body and locals', '(x) => { const y = x * k; let z = y; return z + w; }', ['k', 'w']],
    ['function expression', 'function (a, b) { return a + b + c; }', ['c']],
    ['named function expression calling itself', 'function fact(n) { return n <= 1 ? 1 : n * fact(n - 1) * s; }', ['s']],
    ['async arrow', 'async (x) => { await x; return lookup(x); }', ['lookup']],
    ['generator function', 'function* gen(n) { for (let i = 0; i < n; i++) yield i * step; }', ['step']],
    ['default parameter reading an earlier parameter', '(a, b = a * 2, c = dflt) => a + b + c', ['dflt']],
    ['destructured parameters with defaults and computed keys',
      '({ a, b: { c = d }, [key]: e, ...rest }, [f, , g = h]) => a + c + e + f + g + rest.x', ['d', 'key', 'h']],
    ['nested closures with their own scopes', '(xs) => xs.map((x) => { const y = x + 1; return (z) => y + z + q; })', ['q']],
    ['var hoisting', '() => { if (true) { var v = 1; } return v + u; }', ['u']],
    ['block scoping of let', '() => { { let inner = 1; } return inner; }', ['inner']],
    ['function declaration used before it is declared', '() => { return helper(1); function helper(x) { return x * m; } }', ['m']],
    ['catch parameter', '() => { try { risky(); } catch ({ message }) { return message + err; } }', ['risky', 'err']],
    ['class expression', '() => class Point extends Base { x = init; static make() { return new Point(); } m() { return this.x + other; } }',
      ['Base', 'init', 'other']],
    ['labels and loops', '(xs) => { outer: for (const x of xs) { for (const y in x) { if (y) continue outer; } } return total; }', ['total']],
    ['member access reads only the object', '(r) => r.value + config.scale.factor + r[idx]', ['config', 'idx']],
    ['object keys are not reads, shorthand properties are', '(x) => ({ x, factor: 1, offset, [dyn]: 2 })', ['offset', 'dyn']],
    ['template literals', '(x) => `${prefix}-${x}-${Math.max(x, 1)}`', ['prefix']],
    ['this, arguments and new.target are ignored', 'function () { return this.a + arguments.length + (new.target ? 1 : 0); }', []],
    ['globals a worker has', '(x) => Math.max(x, Number.MAX_SAFE_INTEGER) + JSON.stringify(new Map()).length + parseInt("1") + Infinity', []],
    ['switch cases share one block scope', '(x) => { switch (x) { case 1: const k1 = 1; return k1; default: return k1 + sw; } }', ['sw']],
    ['assignments to outer variables are captures', '(x) => { counter += x; [a1, { b1 }] = x; }', ['counter', 'a1', 'b1']],
    ['each name once, in order of first use', '(x) => b2 + a2 + b2 + a2', ['b2', 'a2']],
    ['tsx keepNames helper is allowed', '(x) => { const f = __name((y) => y, "f"); return f(x); }', []],
  ])('%s', (_name, source, expected) => {
    expect(captured(source)).toEqual(expected);
  });

  it('parses object-method shorthand and accessors', () => {
    const obj = fromSource('{ scale(x) { return x * factor; }, get size() { return sz; } }') as unknown as {
      scale: AnyFunction;
    };
    expect(findCapturedIdentifiers(obj.scale)).toEqual(['factor']);
    const getter = Object.getOwnPropertyDescriptor(obj, 'size')!.get as AnyFunction;
    expect(findCapturedIdentifiers(getter)).toEqual(['sz']);
  });

  it('reports the binding a vitest import rewrite stands for', () => {
    expect(captured('(x) => (0, __vite_ssr_import_1__.join)(x, "a")')).toEqual(['join']);
  });

  it('looks through bind() to its target', () => {
    expect(findCapturedIdentifiers(bind(fromSource('(x, env) => x * env.k + j') as (x: number, env: object) => number, {})))
      .toEqual(['j']);
  });

  it('rejects native and Function.prototype.bind functions', () => {
    const error = thrown(() => findCapturedIdentifiers(Math.max));
    expect(error.errorClass).toBe('TASK_NOT_SERIALIZABLE');
    expect(error.message).toBe('Task not serializable: the function "max" is a native or bound function, so its '
      + 'source text is not available to send to a worker thread. Pass a function written in your own code, and '
      + 'give it values with bind(fn, env) rather than Function.prototype.bind.');
    const boundError = thrown(() => serializeFunction(((x: number) => x).bind(null), 'map in stage 1'));
    expect(boundError.message).toContain('the function passed to map in stage 1 ("bound ") is a native or bound function');
  });
});

describe('serializeFunction', () => {
  it('names the captured variable and shows the bind() call that fixes it', () => {
    const error = thrown(() => serializeFunction(fromSource('(x) => x * factor'), 'map (at stage 1)'));
    expect(error.errorClass).toBe('TASK_NOT_SERIALIZABLE');
    expect(error.message).toBe('Task not serializable: the function passed to map (at stage 1) captures the outer '
      + 'variable "factor", which does not exist on a worker thread. Pass the value explicitly with '
      + 'bind((x, env) => x * env.factor, { factor }), or through sc.broadcast(value) for large values.');
  });

  it('lists every captured variable and rewrites shorthand and unparenthesised parameters', () => {
    const error = thrown(() => serializeFunction(fromSource('x => ({ x, offset, s: x * scale })'), 'map in stage 2'));
    expect(error.message).toBe('Task not serializable: the function passed to map in stage 2 captures the outer '
      + 'variables "offset", "scale", which do not exist on a worker thread. Pass the values explicitly with '
      + 'bind((x, env) => ({ x, offset: env.offset, s: x * env.scale }), { offset, scale }), '
      + 'or through sc.broadcast(value) for large values.');
  });

  it('gives the generic bind() advice when the function cannot be rewritten', () => {
    const error = thrown(() => serializeFunction(fromSource('(...xs) => xs.length + a + b'), 'filter in stage 3'));
    expect(error.message).toBe('Task not serializable: the function passed to filter in stage 3 captures the outer '
      + 'variables "a", "b", which do not exist on a worker thread. Pass the values explicitly with '
      + 'bind(fn, { a, b }), where fn takes env as its last parameter and reads env.a, env.b, '
      + 'or through sc.broadcast(value) for large values.');
  });

  it('explains that imported helpers cannot be shipped', () => {
    const error = thrown(() => serializeFunction(fromSource('(x) => (0, __vite_ssr_import_1__.join)(x)'), 'map in stage 1'));
    expect(error.message).toBe('Task not serializable: the function passed to map in stage 1 captures the outer '
      + 'variable "join", which does not exist on a worker thread. "join" is imported by the module that defines '
      + 'the function, and a shipped function cannot import: define what it needs inside the function body, and '
      + 'pass plain values with bind(fn, env).');
  });

  it('rejects a function inside a bound env', () => {
    const error = thrown(() => serializeFunction(bind((x: number, env: { f: () => number }) => x + env.f(), { f: () => 1 }), 'map in stage 1'));
    expect(error.message).toBe('Task not serializable: the env bound to the function passed to map in stage 1 holds '
      + 'a function at env.f, which cannot be copied to a worker thread. Env values must be structured-clonable '
      + 'data (or Broadcast handles): define the function inside the shipped function, or pass the data it needs instead.');
  });
});

describe('reviveFunction', () => {
  it('round-trips a self-contained function through structured clone', () => {
    const serialized = structuredClone(serializeFunction(fromSource('(x) => Math.abs(x) * 2'), 'map in stage 1'));
    expect(serialized).toEqual({ kind: 'source', name: '', source: '((x) => Math.abs(x) * 2\n)' });
    expect(reviveFunction(serialized)(-4)).toBe(8);
  });

  it('revives a bound function with its env appended', () => {
    const fn = bind((x: number, env: { factor: number; bias: number }) => x * env.factor + env.bias, { factor: 3, bias: 1 });
    expect(fn(2)).toBe(7);
    const serialized = structuredClone(serializeFunction(fn, 'map in stage 1'));
    expect(serialized.kind).toBe('bound');
    const revived = reviveFunction(serialized);
    expect([1, 2, 3].map((x) => revived(x))).toEqual([4, 7, 10]);
    // The revived function is itself bound, so it can be shipped again.
    expect(reviveFunction(serializeFunction(revived, 'map in stage 2'))(5)).toBe(16);
  });

  it('passes the env after every argument, however many the caller passes', () => {
    const all = bind((...args: unknown[]) => args, 'env');
    expect(all()).toEqual(['env']);
    expect(all(1)).toEqual([1, 'env']);
    expect(all(1, 2)).toEqual([1, 2, 'env']);
    expect(all(1, 2, 3)).toEqual([1, 2, 3, 'env']);
    expect(all(1, 2, 3, 4, 5)).toEqual([1, 2, 3, 4, 5, 'env']);
    expect(all(undefined)).toEqual([undefined, 'env']);
  });

  it('revives nested bind() with the inner env last', () => {
    const inner = bind((x: number, outerEnv: { b: number }, innerEnv: { a: number }) => [x, outerEnv.b, innerEnv.a], { a: 1 });
    const outer = bind(inner, { b: 2 });
    expect(reviveFunction(serializeFunction(outer, 'map in stage 1'))(0)).toEqual([0, 2, 1]);
  });

  it('revives methods, generators and async functions', async () => {
    const obj = { twice(x: number) { return x * 2; } };
    expect(reviveFunction(serializeFunction(obj.twice, 'map'))(4)).toBe(8);
    function* upTo(n: number) { for (let i = 0; i < n; i++) yield i; }
    expect([...reviveFunction(serializeFunction(upTo, 'flatMap'))(3)]).toEqual([0, 1, 2]);
    const slow = async (x: number) => x + 1;
    await expect(reviveFunction(serializeFunction(slow, 'map'))(1)).resolves.toBe(2);
  });
});

describe('functions written in this test file, as vitest compiles them', () => {
  it('passes ordinary arrow functions and revives them', () => {
    const fns = [
      (x: number) => x * 2,
      (x: number): number => { const sq = (y: number) => y * y; function plus(y: number) { return y + 1; } return plus(sq(x)); },
      ({ a, b }: { a: number; b: number }) => Math.hypot(a, b),
    ];
    expect(fns.map((f) => findCapturedIdentifiers(f))).toEqual([[], [], []]);
    expect(reviveFunction(serializeFunction(fns[0], 'map'))(21)).toBe(42);
    expect(reviveFunction(serializeFunction(fns[1], 'map'))(3)).toBe(10);
    expect(reviveFunction(serializeFunction(fns[2], 'map'))({ a: 3, b: 4 })).toBe(5);
  });

  it('finds an outer variable of the test file', () => {
    const factor = 3;
    expect(findCapturedIdentifiers((x: number) => x * factor)).toEqual(['factor']);
    expect(thrown(() => serializeFunction((x: number) => x * factor, 'map (at stage 1)')).message).toContain(
      'Pass the value explicitly with bind((x, env) => x * env.factor, { factor })');
  });
});
