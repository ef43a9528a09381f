# Build stage: the Swift toolchain image builds galley in release mode.
FROM swift:6.2-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product galley --static-swift-stdlib \
    && install -D "$(swift build -c release --show-bin-path)/galley" /out/bin/galley \
    && cp -R "$(swift build -c release --show-bin-path)/Galley_GalleyServer.resources" /out/bin/
COPY migrations /out/share/galley/migrations

# Runtime stage: a slim Debian with libpq5; galley finds its migrations in ../share/galley/migrations.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home galley
COPY --from=build /out /usr/local
USER galley
EXPOSE 8080
ENTRYPOINT ["galley"]
CMD ["--help"]
