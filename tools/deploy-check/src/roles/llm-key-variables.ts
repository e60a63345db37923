import { DEFAULT_API_KEY_VARIABLES } from '@alkdrec/llm-providers';

/** The variables that carry an LLM provider's key by default (ANTHROPIC_API_KEY, OPENAI_API_KEY): only the llm-worker may get one. */
export const LLM_KEY_VARIABLES: ReadonlySet<string> = new Set(
  Object.values(DEFAULT_API_KEY_VARIABLES).filter((name): name is string => name !== undefined),
);
