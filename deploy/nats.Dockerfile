# A JetStream server from Debian's nats-server package, for compose.yaml on machines that
# cannot pull the official `nats` image (with registry access, `image: nats:2.10` does the
# same: replace the build: lines).
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends nats-server \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown nobody:nogroup /data
USER nobody
EXPOSE 4222 8222
ENTRYPOINT ["nats-server"]
CMD ["--jetstream", "--store_dir", "/data", "--http_port", "8222"]
