/**
 * Scope analysis of a function's source text: which outer names does it read? Spark:
 * core/.../util/ClosureCleaner.scala walks a closure's bytecode for the outer fields it touches;
 * a JavaScript function has no bytecode to inspect, so this parses `fn.toString()` with acorn and
 * resolves every identifier against the function's own scopes.
 */
import { parse } from 'acorn';
import { BUNDLER_IMPORT_NAME, INJECTED_HELPERS, WORKER_GLOBALS } from './workerGlobals.js';

/** Any function value: what the serialisability check accepts. */
export type AnyFunction = (...args: any[]) => any;

/** An acorn (ESTree) node, walked generically by its child keys. */
export type AstNode = { type: string; start: number; end: number; [key: string]: any };

/** One read of an outer name, with its position in the function's source text. */
export interface CapturedReference {
  /** The identifier as written in the source. */
  readonly name: string;
  /** What to call it in messages: the imported binding for a bundler's rewritten import. */
  readonly displayName: string;
  readonly start: number;
  readonly end: number;
  /** Read through a shorthand property `{ a }`, so a rewrite must produce `a: env.a`. */
  readonly shorthand: boolean;
  /** A module import rewritten by vitest/vite; no value can stand in for it. */
  readonly isImport: boolean;
}

/** What analyzeFunction learns from a function's source. */
export interface FunctionAnalysis {
  /** `fn.toString()`. */
  readonly source: string;
  /** A JavaScript expression that evaluates to the function (methods need a wrapper object). */
  readonly expression: string;
  /** The function's AST node; its positions are offsets into `source`. */
  readonly functionNode: AstNode;
  /** Every read of an outer name, in source order. */
  readonly references: readonly CapturedReference[];
  /** The distinct outer names read (display names), in order of first use. */
  readonly captured: readonly string[];
}

/** Why a function cannot be analysed: no source text, or source acorn cannot parse. */
export type AnalysisFailure = { readonly kind: 'native' } | { readonly kind: 'unparsable'; readonly reason: string };

const NATIVE_SOURCE = /\{\s*\[native code\]\s*\}\s*$/;
const cache = new WeakMap<AnyFunction, FunctionAnalysis | AnalysisFailure>();

/** Analyses `fn` once (results are cached per function object). */
export function analyzeFunction(fn: AnyFunction): FunctionAnalysis | AnalysisFailure {
  let result = cache.get(fn);
  if (result === undefined) {
    result = analyzeSource(Function.prototype.toString.call(fn));
    cache.set(fn, result);
  }
  return result;
}

function analyzeSource(source: string): FunctionAnalysis | AnalysisFailure {
  if (NATIVE_SOURCE.test(source)) return { kind: 'native' };
  // Function, arrow and class sources parse as a parenthesised expression; method shorthand
  // (`foo(x) { ... }`, `get x() {}`) only parses inside an object literal.
  const attempts = [
    { prefix: '(', suffix: '\n)', method: false },
    { prefix: '({', suffix: '\n})', method: true },
  ];
  let reason = '';
  for (const { prefix, suffix, method } of attempts) {
    let program: AstNode;
    try {
      program = parse(prefix + source + suffix, { ecmaVersion: 'latest', sourceType: 'script' }) as unknown as AstNode;
    } catch (error) {
      reason ||= (error as Error).message;
      continue;
    }
    const expression: AstNode = program.body[0].expression;
    const functionNode: AstNode = method ? expression.properties[0].value : expression;
    const collector = new ReferenceCollector();
    collector.visit(expression, new Scope(undefined));
    const shift = prefix.length;
    const references = collector.references.map((r) => ({ ...r, start: r.start - shift, end: r.end - shift }));
    return {
      source,
      expression: method ? methodExpression(source) : `(${source}\n)`,
      functionNode: shiftNode(functionNode, shift),
      references,
      captured: [...new Set(references.map((r) => r.displayName))],
    };
  }
  return { kind: 'unparsable', reason };
}

/** Evaluates a method (or accessor) definition to its function without calling a getter. */
function methodExpression(source: string): string {
  return '((o) => { const d = Object.getOwnPropertyDescriptor(o, Reflect.ownKeys(o)[0]); '
    + `return d.value ?? d.get ?? d.set; })({${source}\n})`;
}

/** The function node's positions and its params' positions, as offsets into the original source. */
function shiftNode(node: AstNode, shift: number): AstNode {
  const params = (node.params ?? []).map((p: AstNode) => ({ ...p, start: p.start - shift, end: p.end - shift }));
  return { ...node, start: node.start - shift, end: node.end - shift, params };
}

/** One lexical scope: a function's, a block's, a catch clause's, a class's. */
class Scope {
  readonly names = new Set<string>();
  constructor(readonly parent: Scope | undefined) {}

  declares(name: string): boolean {
    return this.names.has(name) || (this.parent?.declares(name) ?? false);
  }
}

type MutableReference = { -readonly [K in keyof CapturedReference]: CapturedReference[K] };

/**
 * Walks an AST with a scope chain. Declarations are collected when a scope is entered (var and
 * function hoisting, let/const/class in their block), so a use before its declaration in the
 * source still resolves to the local binding, as it does at run time.
 */
class ReferenceCollector {
  readonly references: MutableReference[] = [];

  visit(node: AstNode | null | undefined, scope: Scope): void {
    if (!node) return;
    switch (node.type) {
      case 'Identifier':
        return this.reference(node, node.name, scope, false);
      case 'FunctionDeclaration':
        return this.visitFunction(node, scope);
      case 'ArrowFunctionExpression':
        return this.visitFunction(node, scope);
      case 'FunctionExpression':
        return this.visitFunction(node, node.id ? declaring(scope, node.id.name) : scope);
      case 'ClassDeclaration':
        return this.visitClass(node, scope);
      case 'ClassExpression':
        return this.visitClass(node, node.id ? declaring(scope, node.id.name) : scope);
      case 'BlockStatement':
      case 'StaticBlock': {
        const block = new Scope(scope);
        if (node.type === 'StaticBlock') hoistVar(node, block);
        hoistLexical(node.body, block);
        return this.visitAll(node.body, block);
      }
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement': {
        const loop = new Scope(scope);
        const head = node.init ?? node.left;
        if (head?.type === 'VariableDeclaration' && head.kind !== 'var') hoistLexical([head], loop);
        return this.visitChildren(node, loop);
      }
      case 'SwitchStatement': {
        this.visit(node.discriminant, scope);
        const cases = new Scope(scope);
        hoistLexical(node.cases.flatMap((c: AstNode) => c.consequent), cases);
        return this.visitAll(node.cases, cases);
      }
      case 'CatchClause': {
        const handler = new Scope(scope);
        if (node.param) declarePattern(node.param, handler.names);
        this.visitPatternExpressions(node.param, handler);
        return this.visit(node.body, handler);
      }
      case 'VariableDeclaration':
        for (const declarator of node.declarations) {
          this.visitPatternExpressions(declarator.id, scope);
          this.visit(declarator.init, scope);
        }
        return;
      case 'Property':
        if (node.computed) this.visit(node.key, scope);
        if (node.shorthand && node.value.type === 'Identifier') {
          return this.reference(node.value, node.value.name, scope, true);
        }
        return this.visit(node.value, scope);
      case 'MemberExpression':
        if (!node.computed && node.object.type === 'Identifier' && BUNDLER_IMPORT_NAME.test(node.object.name)) {
          return this.reference(node.object, node.property.name, scope, false);
        }
        this.visit(node.object, scope);
        if (node.computed) this.visit(node.property, scope);
        return;
      case 'LabeledStatement':
        return this.visit(node.body, scope);
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'MetaProperty':
      case 'ThisExpression':
      case 'Super':
      case 'PrivateIdentifier':
      case 'Literal':
      case 'TemplateElement':
        return;
      default:
        return this.visitChildren(node, scope);
    }
  }

  private reference(node: AstNode, displayName: string, scope: Scope, shorthand: boolean): void {
    const name: string = node.name;
    if (scope.declares(name) || WORKER_GLOBALS.has(name) || INJECTED_HELPERS.has(name)) return;
    // `arguments` inside an arrow belongs to an enclosing function; treat it as local either way.
    if (name === 'arguments') return;
    const isImport = BUNDLER_IMPORT_NAME.test(name);
    this.references.push({ name, displayName, start: node.start, end: node.end, shorthand, isImport });
  }

  private visitFunction(node: AstNode, outer: Scope): void {
    const scope = new Scope(outer);
    for (const param of node.params) declarePattern(param, scope.names);
    const body: AstNode = node.body;
    if (body.type === 'BlockStatement') {
      hoistVar(body, scope);
      hoistLexical(body.body, scope);
    }
    // Defaults see earlier params (and, loosely, the body's names; a default reading a body
    // local would throw at run time anyway, so over-approximating locals only hides a bug JS reports).
    for (const param of node.params) this.visitPatternExpressions(param, scope);
    if (body.type === 'BlockStatement') this.visitAll(body.body, scope);
    else this.visit(body, scope);
  }

  private visitClass(node: AstNode, scope: Scope): void {
    this.visit(node.superClass, scope);
    const classScope = new Scope(scope);
    for (const member of node.body.body) {
      if (member.type === 'StaticBlock') {
        this.visit(member, classScope);
        continue;
      }
      if (member.computed) this.visit(member.key, scope);
      this.visit(member.value, classScope);
    }
  }

  /** A binding pattern's embedded expressions: default values and computed keys. */
  private visitPatternExpressions(pattern: AstNode | null | undefined, scope: Scope): void {
    if (!pattern) return;
    switch (pattern.type) {
      case 'ObjectPattern':
        for (const property of pattern.properties) {
          if (property.type === 'RestElement') this.visitPatternExpressions(property.argument, scope);
          else {
            if (property.computed) this.visit(property.key, scope);
            this.visitPatternExpressions(property.value, scope);
          }
        }
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements) this.visitPatternExpressions(element, scope);
        return;
      case 'RestElement':
        return this.visitPatternExpressions(pattern.argument, scope);
      case 'AssignmentPattern':
        this.visitPatternExpressions(pattern.left, scope);
        return this.visit(pattern.right, scope);
      default:
        return;
    }
  }

  private visitAll(nodes: readonly (AstNode | null)[], scope: Scope): void {
    for (const node of nodes) this.visit(node, scope);
  }

  private visitChildren(node: AstNode, scope: Scope): void {
    for (const key of Object.keys(node)) {
      if (key === 'type' || key === 'start' || key === 'end') continue;
      const child = node[key];
      if (Array.isArray(child)) this.visitAll(child.filter(isNode), scope);
      else if (isNode(child)) this.visit(child, scope);
    }
  }
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as AstNode).type === 'string';
}

function declaring(outer: Scope, name: string): Scope {
  const scope = new Scope(outer);
  scope.names.add(name);
  return scope;
}

/** Adds the names a binding pattern declares. */
function declarePattern(pattern: AstNode | null, names: Set<string>): void {
  if (!pattern) return;
  switch (pattern.type) {
    case 'Identifier':
      names.add(pattern.name);
      return;
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        declarePattern(property.type === 'RestElement' ? property.argument : property.value, names);
      }
      return;
    case 'ArrayPattern':
      for (const element of pattern.elements) declarePattern(element, names);
      return;
    case 'RestElement':
      return declarePattern(pattern.argument, names);
    case 'AssignmentPattern':
      return declarePattern(pattern.left, names);
    default:
      return;
  }
}

/** Declares `var` names found anywhere under `node`, stopping at nested functions and classes. */
function hoistVar(node: AstNode, scope: Scope): void {
  for (const key of Object.keys(node)) {
    const value = node[key];
    const children: unknown[] = Array.isArray(value) ? value : [value];
    for (const child of children) {
      if (!isNode(child)) continue;
      if (/Function|ClassBody/.test(child.type)) continue;
      if (child.type === 'VariableDeclaration' && child.kind === 'var') {
        for (const declarator of child.declarations) declarePattern(declarator.id, scope.names);
      }
      hoistVar(child, scope);
    }
  }
}

/** Declares the let/const/class/function names a statement list introduces in its own block. */
function hoistLexical(statements: readonly AstNode[], scope: Scope): void {
  for (const statement of statements) {
    if (statement.type === 'VariableDeclaration' && statement.kind !== 'var') {
      for (const declarator of statement.declarations) declarePattern(declarator.id, scope.names);
    } else if ((statement.type === 'ClassDeclaration' || statement.type === 'FunctionDeclaration') && statement.id) {
      scope.names.add(statement.id.name);
    }
  }
}
