#include "app/platform.h"

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>

#include "app/modules.h"
#include "app/ops_routes.h"
#include "db/data_directory.h"
#include "db/migrations.h"
#include "db/sqlite/sqlite_database.h"
#include "http/server.h"

namespace wsis::app {

Result<std::unique_ptr<db::Database>> open_database(const std::string& data_dir, const Clock& clock) {
  db::MigrationReport report;
  WSIS_ASSIGN(auto database, db::open_data_directory(data_dir, clock, &report));
  if (report.version_after != report.version_before)
    spdlog::info("database {} migrated from version {} to {}", db::database_path(data_dir), report.version_before,
                 report.version_after);
  return database;
}

Result<std::unique_ptr<db::Database>> open_existing_database(const std::string& data_dir) {
  return db::open_existing_database(data_dir);
}

Platform::Platform(db::Database& database, const Clock& clock, const ServeConfig& config)
    : modules_(std::make_unique<Modules>(database, clock, config)) {
  modules_->register_routes(router_);
}

Platform::~Platform() = default;

namespace {

std::string find_web_root(const ServeConfig& config) {
  if (!config.web_root.empty()) return config.web_root;
  if (std::filesystem::is_directory("web/dist")) return "web/dist";
  return WSIS_SOURCE_DIR "/web/dist";
}

void set_up_logging(const ServeConfig& config) {
  auto level = spdlog::level::from_str(config.log_level);
  // spdlog reads any name it does not know as "off", which would silence errors too.
  bool unknown = level == spdlog::level::off && config.log_level != "off";
  spdlog::set_level(unknown ? spdlog::level::info : level);
  if (unknown) spdlog::warn("unknown log level '{}' (trace, debug, info, warn, error, critical, off); using info", config.log_level);
  if (config.access_log && !spdlog::get("access")) {
    // Asynchronous so that a slow terminal or disk never holds up a response.
    spdlog::init_thread_pool(8192, 1);
    auto access = spdlog::create_async_nb<spdlog::sinks::stdout_sink_mt>("access");
    access->set_pattern("%v");
    access->set_level(spdlog::level::info);
  }
}

}  // namespace

int serve(const ServeConfig& config) {
  set_up_logging(config);
  std::string host;
  std::uint16_t port = 0;
  if (!split_listen(config.listen, host, port)) {
    spdlog::error("--listen must be HOST:PORT, got '{}'", config.listen);
    return 2;
  }
  auto trusted_proxies = http::TrustedProxies::parse(config.trusted_proxies);
  if (!trusted_proxies) {
    spdlog::error("--trusted-proxy: {}", trusted_proxies.error().detail);
    return 2;
  }
  SystemClock clock;
  auto database = open_database(config.data_dir, clock);
  if (!database) {
    spdlog::error("{}", database.error().detail);
    return 1;
  }
  Platform platform(**database, clock, config);
  const http::Pipeline* pipeline_ptr = nullptr;
  register_ops_routes(platform.router(), **database, &pipeline_ptr);

  http::PipelineOptions pipeline_options;
  pipeline_options.body_limit = config.body_limit;
  pipeline_options.access_log = config.access_log;
  http::Pipeline pipeline(platform.router(), pipeline_options);
  pipeline_ptr = &pipeline;
  platform.modules().configure_pipeline(pipeline);
  auto web_root = find_web_root(config);
  auto static_files = http::StaticFiles::load(web_root);
  if (static_files->size() == 0) spdlog::warn("no front end at {} (build it with scripts/build.sh); serving the API only", web_root);
  pipeline.set_static_files(static_files);

  http::ServerOptions server_options;
  server_options.address = host;
  server_options.port = port;
  server_options.threads = config.threads;
  server_options.header_limit = config.header_limit;
  server_options.read_timeout = std::chrono::seconds(config.read_timeout_seconds);
  server_options.idle_timeout = std::chrono::seconds(config.idle_timeout_seconds);
  server_options.trusted_proxies = std::move(*trusted_proxies);
  if (!config.trusted_proxies.empty()) {
    std::string list;
    for (const auto& proxy : config.trusted_proxies) list += (list.empty() ? "" : ", ") + proxy;
    spdlog::info("client addresses from X-Forwarded-For when the peer is one of: {}", list);
  }
  http::Server server(pipeline, server_options);
  if (auto started = server.start(); !started) {
    spdlog::error("{}", started.error().detail);
    return 1;
  }
  spdlog::info("WSIS Hub serving on http://{}:{} (data in {})", host, server.port(), config.data_dir);
  if (!config.port_file.empty()) {
    // Written to a temporary name and renamed, so a reader never sees a half-written port.
    std::string temporary = config.port_file + ".tmp";
    std::ofstream(temporary) << server.port() << "\n";
    std::error_code ec;
    std::filesystem::rename(temporary, config.port_file, ec);  // the throwing overload would abort
    if (ec) {
      spdlog::error("cannot write the port file {}: {}", config.port_file, ec.message());
      return 1;
    }
  }
  server.run(true);
  spdlog::info("stopped");
  spdlog::shutdown();
  return 0;
}

}  // namespace wsis::app
