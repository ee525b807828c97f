# PlantWeb: `make run` starts the product locally, `make test` runs the checks and the test suite.
.PHONY: setup run test lint superuser

setup:
	bash scripts/setup.sh dev

run:
	bash scripts/run.sh

# Extra pytest arguments: make test ARGS="-x tests/e2e"
test:
	bash scripts/test.sh $(ARGS)

lint: setup
	bash scripts/lint.sh

# A staff account for Django admin on the local site (after `make run` has set it up once).
superuser:
	.venv/bin/python manage.py createsuperuser
