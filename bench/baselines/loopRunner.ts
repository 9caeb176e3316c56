/**
 * The hand-written loop baseline: record-at-a-time, numeric keys, nested arrays and maps for
 * state, no framework. It is the floor any engine's overhead is measured from.
 */
import { BaselineRunner } from './Baseline.js';
import { adJoinLoop } from './loop/ad-join.js';
import { filterLoop } from './loop/filter.js';
import { lateSensorsLoop } from './loop/late-sensors.js';
import { sessionsLoop } from './loop/sessions.js';
import { wordcountLoop } from './loop/wordcount.js';
import { yahooLoop } from './loop/yahoo.js';

/** The loop baseline, able to run every workload. */
export const loopRunner = new BaselineRunner(
  'loop',
  'hand-written record-at-a-time loop; event-time windows, watermark, rows emitted as they change (sessions and joins when final)',
  {
    wordcount: wordcountLoop,
    yahoo: yahooLoop,
    'late-sensors': lateSensorsLoop,
    sessions: sessionsLoop,
    filter: filterLoop,
    'ad-join': adJoinLoop,
  },
);
