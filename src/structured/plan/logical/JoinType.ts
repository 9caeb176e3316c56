/**
 * Join types and the strings users pass for them. Spark: plans/joinTypes.scala.
 */
import { QueryErrors } from '../../errors.js';

/** The join types, with Spark's names as printed in plans. */
export type JoinType = 'Inner' | 'LeftOuter' | 'RightOuter' | 'FullOuter' | 'LeftSemi' | 'LeftAnti' | 'Cross';

const BY_NAME: Record<string, JoinType> = {
  inner: 'Inner',
  cross: 'Cross',
  outer: 'FullOuter',
  full: 'FullOuter',
  fullouter: 'FullOuter',
  full_outer: 'FullOuter',
  left: 'LeftOuter',
  leftouter: 'LeftOuter',
  left_outer: 'LeftOuter',
  right: 'RightOuter',
  rightouter: 'RightOuter',
  right_outer: 'RightOuter',
  semi: 'LeftSemi',
  leftsemi: 'LeftSemi',
  left_semi: 'LeftSemi',
  anti: 'LeftAnti',
  leftanti: 'LeftAnti',
  left_anti: 'LeftAnti',
};

/**
 * The JoinType for a user string (`'left_outer'`, `'full'`).
 * @throws IllegalArgumentError (UNSUPPORTED_JOIN_TYPE) listing the accepted strings.
 */
export function parseJoinType(how: string): JoinType {
  const t = BY_NAME[how.toLowerCase().replace(/-/g, '_')];
  if (!t) throw QueryErrors.unsupportedJoinType(how);
  return t;
}

/** True when unmatched rows of the left side appear (with nulls on the right). */
export function keepsUnmatchedLeft(t: JoinType): boolean {
  return t === 'LeftOuter' || t === 'FullOuter';
}

/** True when unmatched rows of the right side appear (with nulls on the left). */
export function keepsUnmatchedRight(t: JoinType): boolean {
  return t === 'RightOuter' || t === 'FullOuter';
}
