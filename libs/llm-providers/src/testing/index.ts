// @alkdrec/llm-providers/testing: the fake LLM server as a child process, for tests and tools.
// Not exported by @alkdrec/llm-providers, so the services' entries never load it.
export * from './fake-llm-process';
