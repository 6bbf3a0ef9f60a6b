#!/usr/bin/env bash
# Adds one EF Core migration for every database provider, so both stay in step with the model.
#   scripts/add-migration.sh NAME
# SQLite migrations go to LiveReminder.Dashboard/Data/Migrations/Sqlite (SqliteAppDbContext),
# PostgreSQL migrations to LiveReminder.Dashboard/Data/Migrations/Postgres (PostgresAppDbContext).
# It then regenerates the compiled models in LiveReminder.Dashboard/Data/CompiledModels/{Sqlite,Postgres}, which the
# app runs on (start-up time); Data/CompiledModelTests fails when they no longer match the model.
# No database is contacted (design-time factories in Data/ProviderContexts.cs).
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 MigrationName" >&2
  exit 2
fi
cd "$(dirname "$0")/.."

dotnet tool restore >/dev/null
dotnet build LiveReminder.Dashboard >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$1" --no-build --project LiveReminder.Dashboard \
    --context "${provider}AppDbContext" --output-dir "Data/Migrations/${provider}"
done
dotnet build LiveReminder.Dashboard >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef dbcontext optimize --no-build --project LiveReminder.Dashboard --context "${provider}AppDbContext" \
    --output-dir "Data/CompiledModels/${provider}" --namespace "LiveReminder.Dashboard.Data.CompiledModels.${provider}"
done
