# Switchboard in a container: a multi-stage build (the Swift toolchain only in the build stage), a slim Debian
# runtime with the system libraries the binary links (libyaml, RE2, libsqlite3), a non-root user.
#
#   docker build -t switchboard .
#   docker run --rm switchboard demo
#   docker run -d --name switchboard --network host \
#     -v /etc/switchboard:/etc/switchboard:ro -v switchboard-state:/var/lib/switchboard \
#     -v /var/spool/asterisk/monitor:/var/spool/asterisk/monitor:ro \
#     -e AMI_SECRET -e B24_WEBHOOK_URL switchboard run --config /etc/switchboard/engine.yaml --log-format json
#
# The image is built where Docker runs (the project's own machines have no Docker engine); docs/deploy.md.

FROM swift:6.3-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends libyaml-dev libre2-dev libsqlite3-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY deploy/build-release.sh ./deploy/
RUN deploy/build-release.sh \
    && install -D "$(swift build -c release --static-swift-stdlib --show-bin-path)/engine" /out/engine

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libyaml-0-2 libre2-9 libsqlite3-0 ca-certificates tzdata lame \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /var/lib/switchboard --create-home --shell /usr/sbin/nologin switchboard
COPY --from=build /out/engine /usr/local/bin/engine
# The bundled rules and the demo's recorded call, so `docker run … demo` works out of the box.
COPY --chown=root:root rules /usr/share/switchboard/rules
COPY --chown=root:root captures/answered.ami /usr/share/switchboard/captures/answered.ami
COPY --chown=root:root engine.example.yaml /usr/share/switchboard/engine.example.yaml
USER switchboard
WORKDIR /usr/share/switchboard
VOLUME ["/var/lib/switchboard"]
# The public listener (http.listen); the admin listener stays on loopback inside the container.
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/engine"]
CMD ["demo"]
