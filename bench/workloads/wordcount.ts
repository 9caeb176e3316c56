/**
 * Word count in tumbling event-time windows over lines of text. Spark: the NetworkWordCount and
 * StructuredNetworkWordCountWindowed examples.
 */
import { parseLateness, scheduleArrivals } from '../harness/lateness.js';
import { BenchRandom, zipfSampler } from '../harness/random.js';
import { compareWithOracle } from '../oracle/compareWithOracle.js';
import { OracleTable } from '../oracle/OracleTable.js';
import { watermarksAtArrival, windowStartOf } from '../oracle/watermarks.js';
import { VOCABULARY } from './vocabulary.js';
import { eventTimeAt } from './Workload.js';
import type { BaseParams, BenchEvent, Workload } from './Workload.js';

/** Parameters of the word-count workload. */
export interface WordcountParams extends BaseParams {
  /** Tumbling window size. */
  readonly windowMs: number;
  /** How many words of the vocabulary are used (at most 128). */
  readonly vocabularySize: number;
  /** Skew of word frequencies: the word of rank r has weight 1 / (r + 1)^zipfExponent. */
  readonly zipfExponent: number;
  /** Words per line, drawn uniformly from 1 to this. */
  readonly maxWordsPerLine: number;
}

/** One line of text. */
export interface WordcountEvent extends BenchEvent {
  /** Words separated by single spaces. */
  readonly line: string;
}

/** Splits a line into words, as every engine and baseline must. */
export function wordsOf(line: string): string[] {
  return line.split(' ');
}

/** Counts words per tumbling event-time window; rows are `{ count }` keyed by word. */
export const wordcount: Workload<WordcountParams, WordcountEvent> = {
  name: 'wordcount',
  description: 'lines of text with Zipf-distributed words; counts per word in tumbling event-time windows',
  semantics:
    'Each line is split on spaces; every word counts once in the tumbling window [start, start + windowMs) ' +
    'that holds the line\'s event time. A row is (window, word, count) over all lines, late or not.',
  defaultSeed: 42,
  defaults: {
    events: 20_000,
    ratePerSec: 1000,
    lateness: 'none',
    watermarkMs: 0,
    windowMs: 1000,
    vocabularySize: 128,
    zipfExponent: 1.1,
    maxWordsPerLine: 10,
  },
  paramDocs: {
    events: 'number of lines',
    ratePerSec: 'lines per second of event time',
    lateness: 'arrival delay spec (see --lateness)',
    watermarkMs: 'watermark delay behind the largest event time seen',
    windowMs: 'tumbling window size',
    vocabularySize: 'distinct words used, at most 128',
    zipfExponent: 'skew of word frequencies (1 / rank^s)',
    maxWordsPerLine: 'words per line, uniform in 1..max',
  },
  streams: ['lines'],

  generate(params, seed) {
    const random = new BenchRandom(seed);
    const words = VOCABULARY.slice(0, Math.min(params.vocabularySize, VOCABULARY.length));
    const nextRank = zipfSampler(words.length, params.zipfExponent);
    const events: WordcountEvent[] = [];
    for (let index = 0; index < params.events; index++) {
      const count = random.intBetween(1, params.maxWordsPerLine);
      const line: string[] = [];
      for (let w = 0; w < count; w++) line.push(words[nextRank(random)] as string);
      const eventTimeMs = eventTimeAt(index, params.ratePerSec);
      events.push({ eventTimeMs, arrivalTimeMs: eventTimeMs, line: line.join(' ') });
    }
    return scheduleArrivals(events, parseLateness(params.lateness), random, params);
  },

  oracle(events, params) {
    const table = new OracleTable(() => ({ count: 0 }), (counter) => ({ count: counter.count }));
    const watermarks = watermarksAtArrival(events, params.watermarkMs);
    events.forEach((event, index) => {
      const startMs = windowStartOf(event.eventTimeMs, params.windowMs);
      const isLate = startMs + params.windowMs <= (watermarks[index] as number);
      for (const word of wordsOf(event.line)) {
        table.add(startMs, startMs + params.windowMs, word, event, isLate).count += 1;
      }
    });
    return table.answer();
  },

  compare(oracle, emitted) {
    return compareWithOracle(oracle, emitted);
  },
};
