import type { ApiRoute } from '../http/route-spec';
import { route } from '../http/route-spec';
import { DASHBOARD_ROUTE } from '../dashboard/dashboard.route';
import { GetDatasetHandler, getDatasetSpec } from './datasets/get-dataset.route';
import { ImportDatasetHandler, importDatasetSpec } from './datasets/import-dataset.route';
import { ListDatasetsHandler, listDatasetsSpec } from './datasets/list-datasets.route';
import { DocsAssetHandler, docsAssetSpec, DocsPageHandler, docsPageSpec } from './docs/docs-page.route';
import { OpenApiHandler, openApiSpec } from './docs/openapi.route';
import { HEALTH_ROUTES } from './health/health.routes';
import { CreateSessionHandler, createSessionSpec } from './session/session.route';

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
  route(createSessionSpec, CreateSessionHandler),
  DASHBOARD_ROUTE,
  route(listDatasetsSpec, ListDatasetsHandler),
  route(getDatasetSpec, GetDatasetHandler),
  route(importDatasetSpec, ImportDatasetHandler),
  // Next, once their libraries are merged: runs (RunClient / RunView), models (storage, promotion,
  // export) and POST /v1/recommend (serving; `auth: 'public'` with `publicBecause`: it only reads).
];
