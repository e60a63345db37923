import type { OwnRedisServer } from '@alkdrec/process-kit';
import type { DrillServices } from './drill-services';

export const SCENARIO_NAMES = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** When a disturbance strikes: while the LLM ranks the selection, or while the trainer distils. */
export type Moment = 'mid-rank' | 'mid-distill';

/** What a disturbance may act on. */
export interface DisturbanceTargets {
  services: DrillServices;
  redis: OwnRedisServer;
  /** pg_terminate_backend on every connection of the scenario's processes; returns how many. */
  terminateRunConnections(): Promise<number>;
}

export interface Scenario {
  name: ScenarioName;
  title: string;
  disturbance?: {
    moment: Moment;
    /** Does it; returns what it did, in a few words, for the report. */
    act(targets: DisturbanceTargets): Promise<string>;
    /**
     * It kills a process that sends LLM requests: a request recorded in the ledger just before the
     * kill may never have been sent, so our count may exceed the server's by the requests in flight.
     */
    killsRequester: boolean;
  };
}

const killAndRestart = async (targets: DisturbanceTargets, service: 'llm-worker-1' | 'selector' | 'trainer'): Promise<string> => {
  const { killedPid, restartedPid } = await targets.services.killAndRestart(service);
  return `SIGKILL ${service} (pid ${killedPid}), restarted (pid ${restartedPid})`;
};

/** The drill's scenarios (issue 8, item 9). Scenario a is the undisturbed run the others are compared with. */
export const SCENARIOS: Record<ScenarioName, Scenario> = {
  a: { name: 'a', title: 'faults only' },
  b: {
    name: 'b',
    title: 'SIGKILL an llm-worker mid-rank',
    disturbance: { moment: 'mid-rank', killsRequester: true, act: (targets) => killAndRestart(targets, 'llm-worker-1') },
  },
  c: {
    name: 'c',
    title: 'SIGKILL the selector mid-rank',
    disturbance: { moment: 'mid-rank', killsRequester: false, act: (targets) => killAndRestart(targets, 'selector') },
  },
  d: {
    name: 'd',
    title: 'SIGKILL the trainer mid-distill',
    disturbance: { moment: 'mid-distill', killsRequester: false, act: (targets) => killAndRestart(targets, 'trainer') },
  },
  e: {
    name: 'e',
    title: "the drill's Redis restarted mid-rank",
    disturbance: {
      moment: 'mid-rank',
      killsRequester: false,
      act: async (targets) => {
        await targets.redis.restartEmpty();
        return `SIGKILL redis-server on port ${targets.redis.port}, restarted empty`;
      },
    },
  },
  f: {
    name: 'f',
    title: "the run's PostgreSQL connections terminated mid-rank",
    disturbance: {
      moment: 'mid-rank',
      killsRequester: false,
      act: async (targets) => `pg_terminate_backend on ${await targets.terminateRunConnections()} connections`,
    },
  },
};
