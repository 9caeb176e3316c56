/**
 * A set of tasks that run the same narrow pipeline on different partitions, bounded by shuffles.
 * Spark: core/.../scheduler/Stage.scala, ShuffleMapStage.scala, ResultStage.scala.
 */
import type { RDD, ShuffleDependency } from '../rdd/internal.js';
import type { TaskContext } from './TaskContext.js';

/** The part of a stage common to both kinds. */
abstract class StageBase {
  /** The attempt number of the most recent submission; Spark prints it as `stage 3.1`. */
  latestAttempt = -1;
  readonly pendingPartitions = new Set<number>();
  readonly jobIds = new Set<number>();
  /** Attempts that ended in a fetch failure; Spark aborts at spark.stage.maxConsecutiveAttempts. */
  failedAttempts = 0;

  constructor(
    readonly id: number,
    readonly rdd: RDD<unknown>,
    readonly parents: ShuffleMapStage[],
    readonly firstJobId: number,
  ) {}

  get numPartitions(): number {
    return this.rdd.getNumPartitions();
  }

  abstract findMissingPartitions(): number[];
}

/** Writes a shuffle's map outputs; available once every map partition has an output. */
export class ShuffleMapStage extends StageBase {
  readonly kind = 'shuffleMap' as const;

  constructor(
    id: number,
    rdd: RDD<unknown>,
    parents: ShuffleMapStage[],
    firstJobId: number,
    readonly shuffleDep: ShuffleDependency,
    private readonly missingMaps: () => number[],
  ) {
    super(id, rdd, parents, firstJobId);
  }

  findMissingPartitions(): number[] {
    return this.missingMaps();
  }

  get isAvailable(): boolean {
    return this.missingMaps().length === 0;
  }

  get name(): string {
    return `${this.shuffleDep.rdd.constructor.name} ${this.shuffleDep.rdd.id} (shuffle ${this.shuffleDep.shuffleId})`;
  }
}

/** A job's last stage: runs the action's function on each requested partition. */
export class ResultStage extends StageBase {
  readonly kind = 'result' as const;
  readonly finished: boolean[];

  constructor(
    id: number,
    rdd: RDD<unknown>,
    parents: ShuffleMapStage[],
    firstJobId: number,
    readonly func: (items: Iterable<unknown>, context: TaskContext) => unknown,
    readonly partitions: number[],
  ) {
    super(id, rdd, parents, firstJobId);
    this.finished = partitions.map(() => false);
  }

  findMissingPartitions(): number[] {
    return this.partitions.filter((_, outputId) => !this.finished[outputId]);
  }

  get name(): string {
    return `result of ${this.rdd.constructor.name} ${this.rdd.id}`;
  }
}

/** Either kind of stage; switch on `kind`. */
export type Stage = ShuffleMapStage | ResultStage;
