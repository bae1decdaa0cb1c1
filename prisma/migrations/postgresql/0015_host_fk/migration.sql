-- Issue 15: registration tokens and environment CAs go with their environment, host metric samples
-- with their host (and so with its environment and tenant). Rows already orphaned are dropped.
DELETE FROM "EnvironmentCa" WHERE "environmentId" NOT IN (SELECT "id" FROM "Environment");
DELETE FROM "HostRegistrationToken" WHERE "environmentId" NOT IN (SELECT "id" FROM "Environment");
DELETE FROM "HostMetricSample" WHERE "hostId" NOT IN (SELECT "id" FROM "Host");

-- AddForeignKey
ALTER TABLE "EnvironmentCa" ADD CONSTRAINT "EnvironmentCa_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HostRegistrationToken" ADD CONSTRAINT "HostRegistrationToken_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HostMetricSample" ADD CONSTRAINT "HostMetricSample_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host"("id") ON DELETE CASCADE ON UPDATE CASCADE;
