import { Backbone, ModelStatusName, StoredModelRole, type ModelView, type PromotionView } from '@alkdrec/contracts';
import type { ModelSummary, ServingState } from '@alkdrec/db';

/** A model as the api shows it (contracts' ModelView; the response schema checks it again). */
export function toModelView({ model, dataset, metrics, lineage, serving }: ModelSummary): ModelView {
  return {
    id: model.id,
    dataset,
    backbone: Backbone.parse(model.backbone),
    role: StoredModelRole.parse(model.role),
    dim: model.dim,
    seed: model.seed,
    status: ModelStatusName.parse(model.status),
    steps: model.steps,
    wallMs: model.wallMs,
    error: model.error,
    metrics,
    lineage: { ...lineage, backbone: Backbone.parse(lineage.backbone), role: StoredModelRole.parse(lineage.role) },
    serving,
    createdAt: model.createdAt.toISOString(),
  };
}

export function toPromotionView(state: ServingState): PromotionView {
  return { dataset: state.dataset, modelId: state.modelId, action: state.action, promotionId: state.promotionId, by: state.by, at: state.at.toISOString() };
}
