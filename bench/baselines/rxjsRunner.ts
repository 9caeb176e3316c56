/**
 * The RxJS baseline: each workload as an idiomatic RxJS 7 pipeline (groupBy per window and key,
 * scan per cell, the watermark as an observable that closes groups). It shows what a
 * general-purpose reactive library costs against the hand loop and the two Spark models.
 */
import { BaselineRunner } from './Baseline.js';
import { adJoinRxjs } from './rxjs/ad-join.js';
import { filterRxjs } from './rxjs/filter.js';
import { lateSensorsRxjs } from './rxjs/late-sensors.js';
import { sessionsRxjs } from './rxjs/sessions.js';
import { wordcountRxjs } from './rxjs/wordcount.js';
import { yahooRxjs } from './rxjs/yahoo.js';

/** The RxJS baseline, able to run every workload. */
export const rxjsRunner = new BaselineRunner(
  'rxjs',
  'RxJS 7 pipeline, record-at-a-time; groupBy window and key, watermark closes groups, rows emitted as they change',
  {
    wordcount: wordcountRxjs,
    yahoo: yahooRxjs,
    'late-sensors': lateSensorsRxjs,
    sessions: sessionsRxjs,
    filter: filterRxjs,
    'ad-join': adJoinRxjs,
  },
);
