# One image for every role of the full stack: web (gunicorn), worker and beat (Celery).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=certlink.settings.production
WORKDIR /app

COPY pyproject.toml README.md ./
COPY certlink certlink
COPY profiles profiles
COPY renewals renewals
COPY partners partners
COPY sim sim
RUN pip install --upgrade pip && pip install .
COPY . .

# Static files collected at build time, with the production storage (hashed, compressed names).
RUN SECRET_KEY=build-time-only-collectstatic-key-0123456789abcdefghijklmnop \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 REDIS_URL=redis://localhost:6379/0 ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput -v0

RUN useradd --create-home certlink && chown -R certlink /app
USER certlink
EXPOSE 8000
CMD ["gunicorn", "certlink.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
