/**
 * A Dockerfile read into stages and instructions, enough for the image's tests (no Docker engine
 * here, so the file is checked as text): line continuations, comments, ARG defaults (global ones
 * expanded in FROM, a stage's own in its RUN lines), COPY flags, and JSON or shell forms.
 */
export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY, … */
  keyword: string;
  /** Everything after the keyword, continuation lines joined with a space. */
  args: string;
  /** 1-based line of the keyword. */
  line: number;
}

export interface CopyInstruction {
  from?: string;
  sources: string[];
  destination: string;
  line: number;
}

export interface Stage {
  /** The `AS` name, else the stage's index as a string. */
  name: string;
  /** The base image with global ARG defaults expanded (a stage name when it builds on a stage). */
  base: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  globalArgs: Map<string, string>;
  stages: Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const instructions = logicalInstructions(text);
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
      stages.push({
        name: as?.toUpperCase() === 'AS' && name ? name : String(stages.length),
        base: expand(image, globalArgs),
        instructions: [],
      });
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') setArg(globalArgs, instruction.args);
    } else {
      (stages[stages.length - 1] as Stage).instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

/** Instructions with continuation lines joined; comments and blank lines dropped. */
function logicalInstructions(text: string): Instruction[] {
  const result: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && !pending)) return;
    const continues = trimmed.endsWith('\\');
    const part = continues ? trimmed.slice(0, -1).trim() : trimmed;
    pending = pending ? { ...pending, text: `${pending.text} ${part}` } : { text: part, line: index + 1 };
    if (!continues) {
      const match = /^(\S+)\s*(.*)$/.exec(pending.text) as RegExpExecArray;
      result.push({ keyword: (match[1] as string).toUpperCase(), args: (match[2] as string).trim(), line: pending.line });
      pending = undefined;
    }
  });
  return result;
}

function setArg(args: Map<string, string>, declaration: string): void {
  const [name = '', ...rest] = declaration.split('=');
  args.set(name.trim(), rest.join('=').replace(/^"(.*)"$/, '$1'));
}

/** `${NAME}` and `$NAME` replaced by their values; unknown names are left as written. */
export function expand(text: string, args: ReadonlyMap<string, string>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => args.get((braced ?? bare) as string) ?? whole);
}

/** The ARG defaults a stage's own instructions see (declared in the stage, before `line`). */
export function stageArgs(stage: Stage, line = Infinity): Map<string, string> {
  const args = new Map<string, string>();
  for (const instruction of stage.instructions) {
    if (instruction.keyword === 'ARG' && instruction.line < line) setArg(args, instruction.args);
  }
  return args;
}

export function finalStage(dockerfile: Dockerfile): Stage {
  const stage = dockerfile.stages[dockerfile.stages.length - 1];
  if (!stage) throw new Error('the Dockerfile has no FROM');
  return stage;
}

export function stageNamed(dockerfile: Dockerfile, name: string): Stage {
  const stage = dockerfile.stages.find((s) => s.name === name);
  if (!stage) throw new Error(`the Dockerfile has no stage named ${name}`);
  return stage;
}

/** The stage and the stages it builds on (FROM <stage>), base first. */
export function stageLineage(dockerfile: Dockerfile, stage: Stage): Stage[] {
  const parent = dockerfile.stages.find((s) => s.name === stage.base && s !== stage);
  return parent ? [...stageLineage(dockerfile, parent), stage] : [stage];
}

export function copies(stage: Stage): CopyInstruction[] {
  return stage.instructions
    .filter((i) => i.keyword === 'COPY')
    .map((instruction) => {
      const words = instruction.args.startsWith('[')
        ? (JSON.parse(instruction.args) as string[])
        : instruction.args.split(/\s+/);
      const flags = words.filter((word) => word.startsWith('--'));
      const paths = words.filter((word) => !word.startsWith('--'));
      const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
      return {
        ...(from === undefined ? {} : { from }),
        sources: paths.slice(0, -1),
        destination: paths[paths.length - 1] ?? '',
        line: instruction.line,
      };
    });
}

/** An exec-form (JSON array) instruction's words; shell form is refused, as the tests want exec. */
export function execForm(instruction: Instruction): string[] {
  if (!instruction.args.startsWith('[')) throw new Error(`line ${instruction.line}: ${instruction.keyword} is not in exec (JSON) form`);
  return JSON.parse(instruction.args) as string[];
}

/**
 * The variables a stage's ENV instructions set, later ones winning: `ENV A=1 B="x y"` and the legacy
 * `ENV A value`; variable references in values are kept as written.
 */
export function stageEnv(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const instruction of stage.instructions) {
    if (instruction.keyword === 'ENV') Object.assign(env, envArguments(instruction.args));
  }
  return env;
}

function envArguments(text: string): Record<string, string> {
  const legacy = /^([A-Za-z_][A-Za-z0-9_]*)\s+([^=].*)$/.exec(text);
  if (legacy?.[1] !== undefined && legacy[2] !== undefined && !/^\S+=/.test(text)) return { [legacy[1]]: legacy[2].trim() };
  const pairs: Record<string, string> = {};
  for (const pair of text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) {
    const [, name, raw = ''] = pair;
    if (name === undefined) continue;
    pairs[name] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw.startsWith("'") ? raw.slice(1, -1) : raw;
  }
  return pairs;
}

/** The last instruction of a kind in a stage (the one Docker applies), if any. */
export function lastOf(stage: Stage, keyword: string): Instruction | undefined {
  return stage.instructions.filter((i) => i.keyword === keyword).pop();
}
