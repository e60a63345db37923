/** The repository root, where k8s/, compose.yaml and docker/ live (this file is tools/deploy-check/dist/index.js). */
export const REPO_ROOT = new URL('../../..', `file://${__filename}`).pathname;
