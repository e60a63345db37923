import type { ApiRoute } from '../http/route-spec';
import { route } from '../http/route-spec';
import { DASHBOARD_ROUTE } from '../dashboard/dashboard.route';
import { GetDatasetHandler, getDatasetSpec } from './datasets/get-dataset.route';
import { ImportDatasetHandler, importDatasetSpec } from './datasets/import-dataset.route';
import { ListDatasetsHandler, listDatasetsSpec } from './datasets/list-datasets.route';
import { DocsAssetHandler, docsAssetSpec, DocsPageHandler, docsPageSpec } from './docs/docs-page.route';
import { OpenApiHandler, openApiSpec } from './docs/openapi.route';
import { HEALTH_ROUTES } from './health/health.routes';
import { CancelRunHandler, cancelRunSpec } from './runs/cancel-run.route';
import { CreateRunHandler, createRunSpec } from './runs/create-run.route';
import { GetRunHandler, getRunSpec } from './runs/get-run.route';
import { ListRunsHandler, listRunsSpec } from './runs/list-runs.route';
import { ResumeRunHandler, resumeRunSpec } from './runs/resume-run.route';
import { RunEventsHandler, runEventsSpec } from './runs/run-events.route';
import { DatasetServingHandler, datasetServingSpec } from './models/dataset-serving.route';
import { ExportModelHandler, exportModelSpec } from './models/export-model.route';
import { GetModelHandler, getModelSpec } from './models/get-model.route';
import { ListModelsHandler, listModelsSpec } from './models/list-models.route';
import { PromoteModelHandler, promoteModelSpec } from './models/promote-model.route';
import { RollbackDatasetHandler, rollbackDatasetSpec } from './models/rollback-dataset.route';
import { RecommendBatchHandler, recommendBatchSpec } from './recommend/recommend-batch.route';
import { RecommendHandler, recommendSpec } from './recommend/recommend.route';
import { CreateSessionHandler, createSessionSpec } from './session/session.route';
import { CompareHandler, compareSpec } from './compare/compare.route';
import { SearchItemsHandler, searchItemsSpec } from './datasets/search-items.route';
import { RunCurvesHandler, runCurvesSpec } from './runs/run-curves.route';
import { RunSelectionHandler, runSelectionSpec } from './runs/run-selection.route';
import { WebAppHandler, webAppSpec, WebAssetHandler, webAssetSpec } from './web/web-app.route';

/**
 * Every route of the api, served and documented from this one table (docs/api.md, "Adding a
 * route"): a spec (method, path, auth, zod schemas from libs/contracts) and its handler, a Nest
 * provider. The OpenAPI document, validation, auth and the coverage test all read it.
 */
export const API_ROUTE_TABLE: readonly ApiRoute[] = [
  ...HEALTH_ROUTES,
  route(openApiSpec, OpenApiHandler),
  route(docsPageSpec, DocsPageHandler),
  route(docsAssetSpec, DocsAssetHandler),
  route(webAppSpec, WebAppHandler),
  route(webAssetSpec, WebAssetHandler),
  route(createSessionSpec, CreateSessionHandler),
  DASHBOARD_ROUTE,
  route(listDatasetsSpec, ListDatasetsHandler),
  route(getDatasetSpec, GetDatasetHandler),
  route(searchItemsSpec, SearchItemsHandler),
  route(importDatasetSpec, ImportDatasetHandler),
  route(createRunSpec, CreateRunHandler),
  route(listRunsSpec, ListRunsHandler),
  route(getRunSpec, GetRunHandler),
  route(runEventsSpec, RunEventsHandler),
  route(runCurvesSpec, RunCurvesHandler),
  route(runSelectionSpec, RunSelectionHandler),
  route(compareSpec, CompareHandler),
  route(cancelRunSpec, CancelRunHandler),
  route(resumeRunSpec, ResumeRunHandler),
  route(listModelsSpec, ListModelsHandler),
  route(getModelSpec, GetModelHandler),
  route(promoteModelSpec, PromoteModelHandler),
  route(exportModelSpec, ExportModelHandler),
  route(rollbackDatasetSpec, RollbackDatasetHandler),
  route(datasetServingSpec, DatasetServingHandler),
  route(recommendSpec, RecommendHandler),
  route(recommendBatchSpec, RecommendBatchHandler),
];
