# PlantWeb: `make run` starts the product locally, `make test` runs the checks and the test suite.
.PHONY: setup run test lint

setup:
	bash scripts/setup.sh dev

run:
	bash scripts/run.sh

# Extra pytest arguments: make test ARGS="-x tests/e2e"
test:
	bash scripts/test.sh $(ARGS)

lint: setup
	bash scripts/lint.sh
