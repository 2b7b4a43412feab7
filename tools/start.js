#!/usr/bin/env node
// Placeholder until the services land (issues 4, 5, 7): says what `npm start` will run.
console.log(`Samvirke — npm start will run, on embedded defaults:
  coordination-service  http://localhost:3000  (the coordinators' page at /, API under /v1)
  health-service        http://localhost:3001
  school-service        http://localhost:3002
  child-welfare-service http://localhost:3003
with an embedded PostgreSQL, the in-process bus in place of Kafka, and demo children.
The foundation (libs/) is in place; the services are not built yet.`);
