import type { K8sObject } from '../k8s/k8s-object';

interface ValidatingModel {
  validate(): void;
}
type ModelClass = new (data: unknown) => ValidatingModel;

// kubernetes-models and @kubernetes-models/keda are ES modules with `import`-only exports, which a
// CommonJS `require` cannot load; tsc (module commonjs) would turn a plain import() into require(),
// so the real dynamic import is kept out of its reach.
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Record<string, unknown>>;

/** The module holding the model of an apiVersion + kind: Kubernetes' own, or KEDA's. */
export function modelModuleOf(apiVersion: string, kind: string): string {
  if (!/^[A-Za-z]+$/.test(kind) || !/^[a-z0-9.]*\/?v[0-9a-z]+$/.test(apiVersion)) throw new Error(`not an apiVersion/kind: ${apiVersion} ${kind}`);
  if (apiVersion.startsWith('keda.sh/')) return `@kubernetes-models/keda/${apiVersion}/${kind}`;
  return `kubernetes-models/${apiVersion}/${kind}`;
}

const models = new Map<string, Promise<ModelClass>>();

async function modelOf(apiVersion: string, kind: string): Promise<ModelClass> {
  const specifier = modelModuleOf(apiVersion, kind);
  let model = models.get(specifier);
  if (!model) {
    model = importEsm(specifier).then(
      (module) => {
        const found = module[kind];
        if (typeof found !== 'function') throw new Error(`${specifier} exports no ${kind}`);
        return found as ModelClass;
      },
      () => {
        throw new Error(`no schema for ${apiVersion} ${kind} (kubernetes-models / @kubernetes-models/keda have no ${specifier})`);
      },
    );
    models.set(specifier, model);
  }
  return model;
}

/**
 * kustomize folds long base64 values of Secret data over several lines; the API server's decoder
 * skips the line breaks, the schema's `byte` format does not: compare what the server reads.
 */
function asTheServerReadsIt(object: K8sObject): K8sObject {
  if (object.kind !== 'Secret' || !object.data) return object;
  return { ...object, data: Object.fromEntries(Object.entries(object.data).map(([key, value]) => [key, value.replace(/[\r\n]/g, '')])) };
}

/**
 * Validates one object against its kind's schema (the OpenAPI schema of Kubernetes, or KEDA's
 * CRD). Resolves to the problems found, empty when it is valid. An object of a kind without a
 * schema is a problem too: nothing ships unvalidated. (The schemas allow unknown fields.)
 */
export async function schemaProblems(object: K8sObject): Promise<string[]> {
  const what = `${object.kind}/${object.metadata?.name ?? '?'}`;
  let model: ModelClass;
  try {
    model = await modelOf(object.apiVersion, object.kind);
  } catch (error) {
    return [`${what}: ${(error as Error).message}`];
  }
  try {
    new model(asTheServerReadsIt(object)).validate();
    return [];
  } catch (error) {
    return [`${what}: ${(error as Error).message}`];
  }
}
