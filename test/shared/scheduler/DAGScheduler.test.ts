/**
 * White-box tests of the DAG scheduler, after Spark's DAGSchedulerSuite: a fake task scheduler
 * records the task sets; each test completes or fails tasks by hand and checks stages, retries and
 * resubmissions. No executor runs and nothing waits.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { HashPartitioner, ListenerBus, ShuffleDependency, ManualClock, SparkContext, SparkException, type SparkListenerEvent } from '../../../src/index.js';
import { DAGScheduler, MapOutputTracker, emptyTaskMetrics, type Task, type TaskOutcome, type TaskScheduler, type TaskSet } from '../../../src/testing.js';

/** Records what the DAG scheduler submits and cancels. */
class FakeTaskScheduler implements TaskScheduler {
  readonly taskSets: TaskSet[] = [];
  readonly cancelled: string[] = [];
  submitTasks(taskSet: TaskSet): void {
    this.taskSets.push(taskSet);
  }
  cancelTaskSet(stageId: number, stageAttempt: number): void {
    this.cancelled.push(`${stageId}.${stageAttempt}`);
  }
}

const sc = new SparkContext({ master: 'local' });
afterAll(() => sc.stop());

let taskScheduler: FakeTaskScheduler;
let tracker: MapOutputTracker;
let scheduler: DAGScheduler;
let events: SparkListenerEvent[];

beforeEach(() => {
  taskScheduler = new FakeTaskScheduler();
  tracker = new MapOutputTracker();
  const bus = new ListenerBus();
  events = [];
  bus.events$.subscribe((e) => events.push(e));
  scheduler = new DAGScheduler(taskScheduler, tracker, bus, new ManualClock(0));
});

const success = (value?: unknown, buckets?: unknown[][]): TaskOutcome => ({ status: 'success', value, buckets, metrics: emptyTaskMetrics(), blocksStored: [] });
const fetchFailed = (shuffleId: number, mapId: number): TaskOutcome => ({ status: 'fetchFailed', shuffleId, mapId, message: 'lost', metrics: emptyTaskMetrics() });

/** Completes the tasks of a task set, each with its outcome on the given executor. */
function complete(taskSet: TaskSet, outcomes: [TaskOutcome, string][]): void {
  outcomes.forEach(([outcome, executorId], i) => scheduler.taskEnded(taskSet.tasks[i] as Task, executorId, outcome));
}

/** [stageId, attempt, partitions] of every submitted task set. */
const submitted = () => taskScheduler.taskSets.map((ts) => [ts.stageId, ts.stageAttempt, ts.tasks.map((t) => t.partition)]);

/** The id of the shuffle the latest shuffled() call created (shuffle ids are global). */
let shuffleId: number;

/** A shuffled RDD over 2 map partitions into 2 reduce partitions. */
function shuffled() {
  const rdd = sc.parallelize([[1, 'a'], [2, 'b']] as [number, string][], 2).partitionBy(new HashPartitioner(2));
  shuffleId = (rdd.dependencies[0] as ShuffleDependency).shuffleId;
  return rdd;
}

describe('DAGScheduler with a fake task scheduler', () => {
  it('runs a job without shuffles as one result stage', async () => {
    const rdd = sc.parallelize([1, 2, 3], 3);
    const job = scheduler.runJob(rdd, () => 0, [0, 1, 2]);
    expect(submitted()).toEqual([[0, 0, [0, 1, 2]]]);
    complete(taskScheduler.taskSets[0], [[success('x'), 'e1'], [success('y'), 'e1'], [success('z'), 'e2']]);
    expect(await job).toEqual(['x', 'y', 'z']);
  });

  it('prefers the executors caching a task\'s input, through narrow dependencies', async () => {
    const bus = new ListenerBus();
    const cached = sc.parallelize([1, 2], 2).cache();
    const child = cached.map((x) => x + 1).filter(() => true);
    const located = new DAGScheduler(taskScheduler, tracker, bus, new ManualClock(0), (rddId, p) => (rddId === cached.id ? [`e${p + 7}`] : []));
    const job = located.runJob(child, () => 0, [0, 1]);
    expect(taskScheduler.taskSets[0].tasks.map((t) => t.preferredLocations)).toEqual([['e7'], ['e8']]);
    taskScheduler.taskSets[0].tasks.forEach((t) => located.taskEnded(t, 'e7', success(t.partition)));
    expect(await job).toEqual([0, 1]);
    cached.unpersist();
  });

  it('finishes a job over no partitions without submitting anything', async () => {
    expect(await scheduler.runJob(sc.parallelize([1], 1), () => 0, [])).toEqual([]);
    expect(submitted()).toEqual([]);
  });

  it('submits the map stage first and the result stage once every map output is in', async () => {
    const job = scheduler.runJob(shuffled(), () => 0, [0, 1]);
    expect(submitted()).toEqual([[0, 0, [0, 1]]]);
    complete(taskScheduler.taskSets[0], [[success(undefined, [[], [[1, 'a']]]), 'e1']]);
    expect(submitted()).toHaveLength(1);
    scheduler.taskEnded(taskScheduler.taskSets[0].tasks[1], 'e2', success(undefined, [[[2, 'b']], []]));
    expect(submitted()).toEqual([[0, 0, [0, 1]], [1, 0, [0, 1]]]);
    expect(tracker.fetch(shuffleId, 1)).toEqual([[1, 'a']]);
    complete(taskScheduler.taskSets[1], [[success('r0'), 'e1'], [success('r1'), 'e2']]);
    expect(await job).toEqual(['r0', 'r1']);
  });

  it('reuses a finished shuffle in a later job: only the result stage runs', async () => {
    const rdd = shuffled();
    const first = scheduler.runJob(rdd, () => 0, [0, 1]);
    complete(taskScheduler.taskSets[0], [[success(undefined, [[], []]), 'e1'], [success(undefined, [[], []]), 'e1']]);
    complete(taskScheduler.taskSets[1], [[success(1), 'e1'], [success(2), 'e1']]);
    await first;
    const second = scheduler.runJob(rdd, () => 0, [1]);
    expect(submitted().slice(2)).toEqual([[2, 0, [1]]]);
    complete(taskScheduler.taskSets[2], [[success(3), 'e1']]);
    expect(await second).toEqual([3]);
  });

  it('shares one map stage between two jobs submitted together', async () => {
    const rdd = shuffled();
    const a = scheduler.runJob(rdd, () => 0, [0]);
    const b = scheduler.runJob(rdd, () => 0, [1]);
    expect(submitted()).toEqual([[0, 0, [0, 1]]]);
    complete(taskScheduler.taskSets[0], [[success(undefined, [[], []]), 'e1'], [success(undefined, [[], []]), 'e1']]);
    expect(submitted().slice(1)).toEqual([[1, 0, [0]], [2, 0, [1]]]);
    complete(taskScheduler.taskSets[1], [[success('a'), 'e1']]);
    complete(taskScheduler.taskSets[2], [[success('b'), 'e1']]);
    expect([await a, await b]).toEqual([['a'], ['b']]);
  });

  it('on a fetch failure resubmits only the lost map partition, then the unfinished reduce tasks', async () => {
    const job = scheduler.runJob(shuffled(), () => 0, [0, 1]);
    complete(taskScheduler.taskSets[0], [[success(undefined, [[], []]), 'e1'], [success(undefined, [[], []]), 'e2']]);
    const reduce = taskScheduler.taskSets[1];
    scheduler.taskEnded(reduce.tasks[0], 'e1', success('r0'));
    scheduler.taskEnded(reduce.tasks[1], 'e1', fetchFailed(shuffleId, 1));
    expect(taskScheduler.cancelled).toEqual(['1.0']);
    expect(tracker.missingMaps(shuffleId)).toEqual([1]);
    expect(submitted().slice(2)).toEqual([[0, 1, [1]]]);
    const failedStage = events.find((e) => e.type === 'stageCompleted' && e.failureReason !== undefined);
    expect(failedStage).toEqual({ type: 'stageCompleted', stageId: 1, attemptNumber: 0, failureReason: `ResultTask(1, 1) failed: FetchFailed(shuffle ${shuffleId}, map 1): lost` });
    complete(taskScheduler.taskSets[2], [[success(undefined, [[], []]), 'e3']]);
    expect(submitted().slice(3)).toEqual([[1, 1, [1]]]);
    complete(taskScheduler.taskSets[3], [[success('r1'), 'e3']]);
    expect(await job).toEqual(['r0', 'r1']);
  });

  it('ignores a fetch failure from a stage attempt that was already superseded', async () => {
    const job = scheduler.runJob(shuffled(), () => 0, [0, 1]);
    complete(taskScheduler.taskSets[0], [[success(undefined, [[], []]), 'e1'], [success(undefined, [[], []]), 'e2']]);
    const reduce = taskScheduler.taskSets[1];
    scheduler.taskEnded(reduce.tasks[0], 'e1', fetchFailed(shuffleId, 0));
    scheduler.taskEnded(reduce.tasks[1], 'e1', fetchFailed(shuffleId, 0));
    expect(submitted().slice(2)).toEqual([[0, 1, [0]]]);
    complete(taskScheduler.taskSets[2], [[success(undefined, [[], []]), 'e3']]);
    complete(taskScheduler.taskSets[3], [[success('r0'), 'e3'], [success('r1'), 'e3']]);
    expect(await job).toEqual(['r0', 'r1']);
    expect(submitted()).toHaveLength(4);
  });

  it('after an executor is lost, the next job reruns only the map partitions it held', async () => {
    const rdd = shuffled();
    const first = scheduler.runJob(rdd, () => 0, [0, 1]);
    complete(taskScheduler.taskSets[0], [[success(undefined, [[], []]), 'e1'], [success(undefined, [[], []]), 'e2']]);
    complete(taskScheduler.taskSets[1], [[success(1), 'e1'], [success(2), 'e2']]);
    await first;
    scheduler.executorLost('e2');
    expect(tracker.missingMaps(shuffleId)).toEqual([1]);
    const second = scheduler.runJob(rdd, () => 0, [0, 1]);
    expect(submitted().slice(2)).toEqual([[0, 1, [1]]]);
    complete(taskScheduler.taskSets[2], [[success(undefined, [[], []]), 'e3']]);
    complete(taskScheduler.taskSets[3], [[success(3), 'e1'], [success(4), 'e3']]);
    expect(await second).toEqual([3, 4]);
  });

  it('ignores a map output reported by an executor already lost, and runs that map again', async () => {
    const job = scheduler.runJob(shuffled(), () => 0, [0]);
    scheduler.taskEnded(taskScheduler.taskSets[0].tasks[0], 'e1', success(undefined, [[], []]));
    scheduler.executorLost('e2');
    scheduler.taskEnded(taskScheduler.taskSets[0].tasks[1], 'e2', success(undefined, [[], []]));
    expect(tracker.missingMaps(shuffleId)).toEqual([1]);
    expect(submitted().slice(1)).toEqual([[0, 1, [1]]]);
    complete(taskScheduler.taskSets[1], [[success(undefined, [[], []]), 'e3']]);
    complete(taskScheduler.taskSets[2], [[success('done'), 'e3']]);
    expect(await job).toEqual(['done']);
  });

  it('aborts every job on the stage when the task scheduler gives up a task set, keeping the cause', async () => {
    const rdd = shuffled();
    const job = scheduler.runJob(rdd, () => 0, [0, 1]);
    const cause = new Error('boom');
    scheduler.taskSetFailed(taskScheduler.taskSets[0], 'Task 1 in stage 0.0 failed 4 times', cause);
    const error = await job.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SparkException);
    expect(error).toMatchObject({ errorClass: 'JOB_ABORTED', message: 'Job aborted due to stage failure: Task 1 in stage 0.0 failed 4 times', cause });
    expect(events.filter((e) => e.type === 'jobEnd')).toEqual([expect.objectContaining({ jobId: 0, succeeded: false, error })]);
  });

  it('aborts the job after spark.stage.maxConsecutiveAttempts fetch failures of one stage', async () => {
    const rdd = shuffled();
    const rddId = rdd.id;
    const job = scheduler.runJob(rdd, () => 0, [0]);
    let index = 0;
    const mapsDone = () => {
      const maps = taskScheduler.taskSets[index++];
      complete(maps, maps.tasks.map(() => [success(undefined, [[], []]), 'e1'] as [TaskOutcome, string]));
    };
    mapsDone();
    for (let attempt = 0; attempt < 4; attempt++) {
      const reduce = taskScheduler.taskSets[index++];
      expect([reduce.stageId, reduce.stageAttempt]).toEqual([1, attempt]);
      scheduler.taskEnded(reduce.tasks[0], 'e1', fetchFailed(shuffleId, 0));
      if (attempt < 3) mapsDone();
    }
    const error = (await job.catch((e: unknown) => e)) as SparkException;
    expect(error.errorClass).toBe('JOB_ABORTED');
    expect(error.message).toBe(
      `Job aborted due to stage failure: ResultStage 1 (result of ShuffledRDD ${rddId}) has failed the maximum allowable number of times: 4. ` +
        `Most recent failure reason: ResultTask(1, 0) failed: FetchFailed(shuffle ${shuffleId}, map 0): lost`,
    );
  });
});
