#!/bin/sh
# Stands in for Prisma's schema engine, which the CLI would otherwise download.
# `prisma generate` does not need it; migrations are applied by scripts/cli db:migrate.
echo "Auriko applies migrations itself: run 'npm run cli -- db:migrate'" >&2
exit 1
