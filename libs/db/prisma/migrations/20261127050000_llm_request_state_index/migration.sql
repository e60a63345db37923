-- CreateIndex
CREATE INDEX "LlmRequest_state_idx" ON "LlmRequest"("state");
