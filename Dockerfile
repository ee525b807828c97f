# One Dockerfile for the web server and both Celery workers; docker-compose.yml picks the command.
# PlantUML runs in its own container (plantuml/plantuml-server), so no Java here.
#
# WITH_ML=0 builds the image without the model libraries (torch, transformers, ...): the web
# server and the render worker need none of them. The generation worker needs WITH_ML=1.
FROM python:3.11-slim
ARG WITH_ML=1

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HOME=/var/cache/huggingface

RUN useradd --create-home --uid 1000 plantweb \
    && mkdir -p /var/cache/huggingface /app/var \
    && chown plantweb:plantweb /var/cache/huggingface /app/var

WORKDIR /app
COPY requirements.txt requirements-ml.txt ./
RUN pip install -r requirements.txt \
    && if [ "$WITH_ML" = 1 ]; then pip install -r requirements-ml.txt; fi

COPY . .
# Static files are collected into the image so the web container serves them itself (whitenoise).
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput

USER plantweb
EXPOSE 8000
CMD ["gunicorn", "plantweb.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-", "--error-logfile", "-"]
