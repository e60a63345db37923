#!/usr/bin/env bash
# The api walkthrough: selector, trainer and llm-worker (replay) and the api on a fresh schema
# (alkdrec_walkthrough, dropped first); the bundled MovieLens uploaded, the main run created, followed
# (SSE), read back, its distilled model promoted, recommending and exported — all with curl. Needs
# curl, jq, a built tree (npm run build), PostgreSQL and Redis. About 2 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}" DATABASE_SCHEMA=alkdrec_walkthrough BULLMQ_PREFIX=walkthrough LOG_LEVEL=warn
psql "$DATABASE_URL" -qc "drop schema if exists alkdrec_walkthrough cascade" >/dev/null
npm run -s db:migrate >/dev/null
HTTP_PORT=0 HTTP_HOST=127.0.0.1 ALKDREC_ROLES=selector,trainer,llm-worker LLM_PROVIDER=replay node docker/start-role.js > "${TMPDIR:-/tmp}/alkdrec-walkthrough-services.log" 2>&1 &
SERVICES=$!
export API_TOKEN=walkthrough-token-0123456789
API_TOKENS=$API_TOKEN HTTP_PORT="${API_PORT:-3377}" HTTP_HOST=127.0.0.1 ALKDREC_ROLES=api node docker/start-role.js > "${TMPDIR:-/tmp}/alkdrec-walkthrough-api.log" 2>&1 &
APIPID=$!
trap 'kill $SERVICES $APIPID 2>/dev/null; wait' EXIT
export API="http://127.0.0.1:${API_PORT:-3377}"
until curl -sf "$API/health/ready" >/dev/null; do sleep 0.5; done
echo "$ curl -s -X POST \$API/v1/datasets ... (bundled MovieLens upload)"
curl -s -X POST "$API/v1/datasets" -H "Authorization: Bearer $API_TOKEN" -F name=movielens-hetrec2011 \
  -F items=@datasets/movielens-hetrec2011/items.csv.gz -F sessions=@datasets/movielens-hetrec2011/sessions.jsonl.gz | cut -c1-300; echo
echo '$ curl -si -X POST "$API/v1/runs" -H "Authorization: Bearer $API_TOKEN" -H "Content-Type: application/json" -d '"'"'{"dataset":"movielens-hetrec2011","backbone":"fpmc","strategy":"alkdrec"}'"'"
curl -si -X POST "$API/v1/runs" -H "Authorization: Bearer $API_TOKEN" -H 'Content-Type: application/json' -d '{"dataset":"movielens-hetrec2011","backbone":"fpmc","strategy":"alkdrec"}' | grep -iE '^HTTP|^location|^\{'
RUN=movielens-hetrec2011.fpmc.alkdrec.replay.b500.s1
echo "$ curl -sN \$API/v1/runs/$RUN/events   (state events, and progress: every 50th line shown)"
START=$(date +%s)
curl -sN "$API/v1/runs/$RUN/events" | awk '/^event: state/{getline; print; next} /^data:/{n++; if (n%50==1) print}' 
echo "(stream ended after $(( $(date +%s) - START )) s)"
echo "$ curl -s \$API/v1/runs/$RUN | jq '{state, stages: [.stages[] | {name, wallMs}], metrics, llm: (.llm | {requests, answers, lost, costUsd}), selection: (.selection | {selected, poolSize})}'"
curl -s "$API/v1/runs/$RUN" | jq -c '{state, stages: [.stages[] | {name, wallMs}], metrics: (.metrics | map_values({modelId, recall10: .test.recall10, ndcg10: .test.ndcg10})), llm: (.llm | {requests, answers, lost, costUsd}), selection: (.selection | {selected, poolSize})}'
MODEL=$(curl -s "$API/v1/runs/$RUN" | jq -r .metrics.distilled.modelId)
echo "$ curl -s -X POST \$API/v1/models/$MODEL/promote -H 'Authorization: Bearer …'"
curl -s -X POST "$API/v1/models/$MODEL/promote" -H "Authorization: Bearer $API_TOKEN"; echo
echo "$ curl -s -X POST \$API/v1/recommend -H 'Content-Type: application/json' -d '{\"dataset\":\"movielens-hetrec2011\",\"items\":[\"316\",\"2571\",\"1704\",\"628\",\"1\",\"no-such-id\"],\"k\":5}'"
curl -s -X POST "$API/v1/recommend" -H 'Content-Type: application/json' -d '{"dataset":"movielens-hetrec2011","items":["316","2571","1704","628","1","no-such-id"],"k":5}'; echo
echo "$ curl -s -o model.tar.gz \$API/v1/models/$MODEL/export && tar -tzf model.tar.gz"
OUT=$(mktemp -d)
curl -s -o "$OUT/model.tar.gz" "$API/v1/models/$MODEL/export" && tar -tzf "$OUT/model.tar.gz"
