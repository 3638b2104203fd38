# newsroom: one image for the web server and the workers.
FROM python:3.13-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    NEWSROOM_DATA_DIR=/data \
    STATIC_ROOT=/opt/static

RUN pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --locked --no-dev --no-install-project
COPY . .
# Static files are collected at build time and served by whitenoise with far-future caching.
RUN SECRET_KEY=build-only-key-build-only-key-build-only-key-build-only python manage.py collectstatic --noinput -v0

RUN useradd --create-home newsroom && mkdir -p /data && chown newsroom /data
USER newsroom
EXPOSE 8000
CMD ["gunicorn", "newsroom.wsgi", "--bind", "0.0.0.0:8000", "--workers", "5", "--access-logfile", "-"]
