# Production image: gunicorn behind your reverse proxy, static files through whitenoise.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=backend.settings.production

RUN apt-get update \
    && apt-get install -y --no-install-recommends gdal-bin binutils \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY backend ./backend
COPY geo ./geo
COPY fieldapp ./fieldapp
COPY manage.py ./
RUN pip install --no-cache-dir . \
    && useradd --system --home /app mahalleh \
    && mkdir -p /app/media /app/staticfiles && chown mahalleh /app/media

# collectstatic needs settings but no database or real secrets.
RUN SECRET_KEY=build-only-$(head -c 48 /dev/urandom | base64 | tr -d '/+=') ALLOWED_HOSTS=build \
    DATABASE_URL=postgis://build@localhost/build python manage.py collectstatic --no-input -v 0

USER mahalleh
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --no-input && exec gunicorn backend.wsgi:application --bind 0.0.0.0:8000 --workers ${GUNICORN_WORKERS:-3} --worker-class gthread --threads ${GUNICORN_THREADS:-4} --timeout 60 --access-logfile -"]
