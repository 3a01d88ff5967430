/* run.c - `textmill run`: a pipeline over a batch of documents. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char run_usage[] =
    "usage: textmill run [OPTIONS] PIPELINE [INPUT...]\n"
    "\n"
    "Runs PIPELINE over the documents of each INPUT: a text file (one document,\n"
    "its path the id), a folder (its files, recursively, in name order), a JSON\n"
    "Lines file (*.jsonl, *.ndjson: one {\"id\", \"text\", ...} object a line), or\n"
    "'-' for standard input (the default). Output is JSON Lines on stdout, in\n"
    "input order whatever the number of jobs.\n"
    "\n"
    "Output:\n"
    "  -o, --output FILE        write to FILE, atomically: it appears complete at\n"
    "                           the end, or not at all (FILE.partial meanwhile)\n"
    "  -f, --format FMT         jsonl (default), text, html, conll or brat (brat\n"
    "                           writes a folder: -o FOLDER)\n"
    "      --raw-offsets        add raw_start/raw_end (offsets in the input\n"
    "                           before any rewriting stage) to every span\n"
    "      --no-span-text       leave the covered text out of spans\n"
    "Errors:\n"
    "  -e, --errors FILE        write failed documents (id, stage, reason, and the\n"
    "                           input itself) to FILE as JSON Lines; default: a\n"
    "                           line each on stderr\n"
    "      --on-error MODE      skip (default: record and go on) or fail (stop)\n"
    "      --max-errors N       stop after N failed documents (0 = no limit)\n"
    "Input:\n"
    "      --input-format FMT   auto (default), text or jsonl\n"
    "      --invalid-utf8 P     error (default), replace (U+FFFD) or cp1252\n"
    "      --max-doc-size SIZE  largest document or line, e.g. 64M (default 256M)\n"
    "      --max-json-depth N   deepest nesting in a JSON Lines line (default 1000)\n"
    "      --max-spans N        most spans a document may get (default 10000000)\n"
    "      --skip N             pass over the first N input items\n"
    "      --resume             continue an interrupted run into -o FILE: skip what\n"
    "                           FILE.partial already holds, append the rest\n"
    "Running:\n"
    "  -j, --jobs N             worker threads (default: one per core)\n"
    "      --isolate            run stages in worker processes, so that a plugin\n"
    "                           crashing on a document fails that document only\n"
    "      --timeout SECONDS    fail a document that takes longer (implies\n"
    "                           --isolate)\n"
    "  -P, --plugin-path DIR    look for plugins in DIR first (repeatable)\n"
    "      --stats              print the time spent in each stage at the end\n"
    "  -q, --quiet              no progress and no summary on stderr\n"
    "  -h, --help               this help\n"
    "\n"
    "Ctrl-C stops reading, finishes the documents in flight and writes them; with\n"
    "-o it keeps FILE.partial and prints the command that resumes the run.\n"
    "\n"
    "Exit codes: 0 all documents processed; 1 some failed; 2 usage error;\n"
    "3 the pipeline did not load; 4 input/output error; 5 stopped early.\n";

typedef struct run_ctx {
    FILE *out;
    tm_writer *writer;
    FILE *errors;          /* NULL: short reports on stderr */
    double total_bytes;    /* for the ETA; 0 when unknown */
    bool progress_shown;
    bool direct;           /* -o names a device or pipe: no partial file */
    unsigned json_flags;
} run_ctx;

static volatile sig_atomic_t interrupted;
static volatile int stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
    stop_flag = 1;
}

static int sink_doc(void *ctx, const tm_doc *doc, tm_error *err)
{
    run_ctx *c = ctx;
    return tm_writer_write(c->writer, doc, err) != TM_OK;
}

/* JSON Lines are rendered in the worker threads; this only writes them. */
static char *render_jsonl(void *ctx, const tm_doc *doc, size_t *len, tm_error *err)
{
    return tm_doc_dumps(doc, ((run_ctx *)ctx)->json_flags, len, err);
}

static int write_line(void *ctx, const char *bytes, size_t len, tm_error *err)
{
    run_ctx *c = ctx;
    if (fwrite(bytes, 1, len, c->out) != len || putc('\n', c->out) == EOF) {
        tm_error_set(err, TM_ERR_IO, "cannot write the output");
        return 1;
    }
    return 0;
}

static void sink_error(void *ctx, const tm_error *error, const char *raw, size_t raw_len)
{
    run_ctx *c = ctx;
    if (c->errors) {
        tm_write_error_record(c->errors, error, raw, raw_len);
    } else {
        if (c->progress_shown)
            fputs("\r\033[K", stderr);
        cli_print_error(error);
    }
}

static void show_progress(void *ctx, const tm_run_stats *st)
{
    run_ctx *c = ctx;
    double mb = (double)st->bytes_in / 1e6;
    fprintf(stderr, "\r\033[K%zu docs, %.1f MB, %.0f docs/s, %.1f MB/s", st->docs_in, mb,
            st->docs_in / st->seconds, mb / st->seconds);
    if (c->total_bytes > 0 && st->bytes_in > 0) {
        double left = (c->total_bytes - (double)st->bytes_in) / ((double)st->bytes_in / st->seconds);
        if (left >= 0)
            fprintf(stderr, ", ETA %.0f s", ceil(left));
    }
    c->progress_shown = true;
}

/* The sum of the input sizes when every input is a regular file; 0 otherwise. */
static double total_size(const char *const *inputs, size_t n)
{
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(inputs[i], &st) != 0 || !S_ISREG(st.st_mode))
            return 0;
        total += (double)st.st_size;
    }
    return total;
}

/* --resume state: FILE.partial.state holds the number of input items that
 * FILE.partial and the errors file account for. */
static char *suffixed(const char *path, const char *suffix)
{
    size_t n = strlen(path) + strlen(suffix) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s", path, suffix);
    return s;
}

static bool read_state(const char *state_path, size_t *items)
{
    json_t *o = json_load_file(state_path, 0, NULL);
    json_t *v = json_object_get(o, "items");
    bool ok = json_is_integer(v) && json_integer_value(v) >= 0;
    if (ok)
        *items = (size_t)json_integer_value(v);
    json_decref(o);
    return ok;
}

static bool write_state(const char *state_path, size_t items)
{
    json_t *o = json_pack("{sI}", "items", (json_int_t)items);
    bool ok = o && json_dump_file(o, state_path, JSON_COMPACT) == 0;
    json_decref(o);
    return ok;
}

static int parse_choice(const char *arg, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(arg, names[i]) == 0)
            return i;
    return -1;
}

int cmd_run(int argc, char **argv)
{
    enum { O_ON_ERROR = 1, O_MAX_ERRORS, O_INPUT_FORMAT, O_INVALID_UTF8, O_MAX_DOC,
           O_RAW_OFFSETS, O_NO_SPAN_TEXT, O_SKIP, O_RESUME, O_ISOLATE, O_TIMEOUT, O_STATS,
           O_MAX_DEPTH, O_MAX_SPANS };
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},
        {"errors", required_argument, NULL, 'e'},
        {"jobs", required_argument, NULL, 'j'},
        {"on-error", required_argument, NULL, O_ON_ERROR},
        {"max-errors", required_argument, NULL, O_MAX_ERRORS},
        {"input-format", required_argument, NULL, O_INPUT_FORMAT},
        {"invalid-utf8", required_argument, NULL, O_INVALID_UTF8},
        {"max-doc-size", required_argument, NULL, O_MAX_DOC},
        {"max-json-depth", required_argument, NULL, O_MAX_DEPTH},
        {"max-spans", required_argument, NULL, O_MAX_SPANS},
        {"raw-offsets", no_argument, NULL, O_RAW_OFFSETS},
        {"no-span-text", no_argument, NULL, O_NO_SPAN_TEXT},
        {"skip", required_argument, NULL, O_SKIP},
        {"resume", no_argument, NULL, O_RESUME},
        {"isolate", no_argument, NULL, O_ISOLATE},
        {"timeout", required_argument, NULL, O_TIMEOUT},
        {"stats", no_argument, NULL, O_STATS},
        {"plugin-path", required_argument, NULL, 'P'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {0}};
    static const char *const on_error_names[] = {"skip", "fail", NULL};
    static const char *const input_names[] = {"auto", "text", "jsonl", NULL};
    static const char *const utf8_names[] = {"error", "replace", "cp1252", NULL};
    const char *output = NULL, *errors = NULL;
    char **paths = calloc((size_t)argc + 1, sizeof *paths);
    int npaths = 0, c, k;
    bool quiet = false, resume = false, stats = false;
    tm_output_format format = TM_OUTPUT_JSONL;
    unsigned json_flags = 0;
    tm_run_options ropts = {0};
    tm_reader_options iopts = {0};
    unsigned long n;
    char *end;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:f:e:j:P:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'e': errors = optarg; break;
        case 'P': paths[npaths++] = optarg; break;
        case 'q': quiet = true; break;
        case 'h': fputs(run_usage, stdout); free(paths); return EXIT_OK;
        case 'f':
            if ((k = tm_output_format_parse(optarg)) < 0)
                goto bad_value;
            format = (tm_output_format)k;
            break;
        case 'j':
            if (!cli_parse_uint(optarg, 1, 1024, &n))
                goto bad_value;
            ropts.threads = (unsigned)n;
            break;
        case O_ON_ERROR:
            if ((k = parse_choice(optarg, on_error_names)) < 0)
                goto bad_value;
            ropts.error_mode = (tm_on_error)k;
            break;
        case O_MAX_ERRORS:
            if (!cli_parse_uint(optarg, 0, ULONG_MAX, &n))
                goto bad_value;
            ropts.max_errors = n;
            break;
        case O_INPUT_FORMAT:
            if ((k = parse_choice(optarg, input_names)) < 0)
                goto bad_value;
            iopts.format = (tm_input_format)k;
            break;
        case O_INVALID_UTF8:
            if ((k = parse_choice(optarg, utf8_names)) < 0)
                goto bad_value;
            iopts.utf8 = (tm_utf8_policy)k;
            break;
        case O_MAX_DOC:
            if (!cli_parse_size(optarg, &iopts.max_doc_bytes) || iopts.max_doc_bytes == 0)
                goto bad_value;
            break;
        case O_MAX_DEPTH:
            if (!cli_parse_uint(optarg, 1, 2000, &n))
                goto bad_value;
            iopts.max_json_depth = n;
            break;
        case O_MAX_SPANS:
            if (!cli_parse_uint(optarg, 1, ULONG_MAX, &n))
                goto bad_value;
            iopts.max_spans = n;
            break;
        case O_RAW_OFFSETS: json_flags |= TM_JSON_RAW_OFFSETS; break;
        case O_NO_SPAN_TEXT: json_flags |= TM_JSON_NO_SPAN_TEXT; break;
        case O_SKIP:
            if (!cli_parse_uint(optarg, 0, ULONG_MAX, &n))
                goto bad_value;
            ropts.skip = n;
            break;
        case O_RESUME: resume = true; break;
        case O_ISOLATE: ropts.isolate = true; break;
        case O_TIMEOUT:
            errno = 0;
            ropts.timeout_seconds = strtod(optarg, &end);
            if (errno || *end || end == optarg || !(ropts.timeout_seconds > 0) ||
                ropts.timeout_seconds > 1e6)
                goto bad_value;
            ropts.isolate = true;
            break;
        case O_STATS: stats = true; break;
        default:
            free(paths);
            if (optopt > 0 && optopt < 256 && strchr("ofejP", optopt))
                return cli_usage_error("run", "option -%c needs a value", optopt);
            return cli_usage_error("run", "unknown option '%s'", argv[optind - 1]);
        }
        continue;
    bad_value:
        free(paths);
        return cli_usage_error("run", "bad value '%s' for %s", optarg, argv[optind - 1]);
    }
    const char *why = NULL;
    if (optind >= argc)
        why = "missing PIPELINE";
    else if (format == TM_OUTPUT_BRAT && !output)
        why = "--format brat writes a folder: give it with -o FOLDER";
    else if (resume && (!output || format == TM_OUTPUT_BRAT))
        why = "--resume continues a run into an output file: give it with -o FILE";
    else if (resume && ropts.skip)
        why = "--resume and --skip do not go together (--resume knows what to skip)";
    else if (resume && format == TM_OUTPUT_HTML)
        why = "--resume cannot append to an HTML page";
    if (why) {
        free(paths);
        return cli_usage_error("run", "%s", why);
    }

    run_ctx ctx = {stdout, NULL, NULL, 0, false, false, json_flags};
    char *pipeline_path = cli_pipeline_path(argv[optind++]);
    static const char *const stdin_only[] = {"-"};
    const char *const *inputs = optind < argc ? (const char *const *)argv + optind : stdin_only;
    size_t ninputs = optind < argc ? (size_t)(argc - optind) : 1;
    /* brat writes a folder of files; the other formats one stream, which
     * with -o goes to FILE.partial until it is complete. */
    const char *out_file = format == TM_OUTPUT_BRAT ? NULL : output;
    /* Only a regular file is written beside and renamed into place: a
     * device or a pipe (-o /dev/null, -o /dev/stdout) is written directly. */
    struct stat out_st;
    if (out_file && stat(out_file, &out_st) == 0 && !S_ISREG(out_st.st_mode)) {
        if (resume) {
            free(paths);
            free(pipeline_path);
            return cli_usage_error("run", "--resume needs -o to name a regular file");
        }
        ctx.direct = true;
    }
    char *partial = out_file ? suffixed(out_file, ctx.direct ? "" : ".partial") : NULL;
    char *state = out_file ? suffixed(out_file, ".partial.state") : NULL;
    tm_error err;
    tm_registry *reg = cli_registry(paths, npaths);
    tm_pipeline *pipeline = NULL;
    tm_reader *reader = NULL;
    int exit_code = EXIT_PIPELINE;
    size_t done_before = 0;
    if (!reg)
        goto done;
    pipeline = tm_pipeline_load_file(reg, pipeline_path, &err);
    if (!pipeline) {
        cli_print_error(&err);
        exit_code = err.code == TM_ERR_IO ? EXIT_IO : EXIT_PIPELINE;
        goto done;
    }
    cli_warn_unsafe_stages(pipeline);
    exit_code = EXIT_IO;
    if (resume) {
        if (!read_state(state, &done_before) || access(partial, F_OK) != 0) {
            fprintf(stderr, "textmill: %s: nothing to resume (no %s from a run that "
                    "stopped cleanly)\n", output, state);
            goto done;
        }
        ropts.skip = done_before;
    }
    iopts.defer_parse = true; /* the workers parse JSON Lines, in parallel */
    reader = tm_reader_new(inputs, ninputs, &iopts, &err);
    if (!reader) {
        cli_print_error(&err);
        goto done;
    }
    if (out_file && !(ctx.out = fopen(partial, resume ? "ab" : "wb"))) {
        fprintf(stderr, "textmill: %s: cannot write: %s\n", partial, strerror(errno));
        ctx.out = stdout;
        goto done;
    }
    if (errors && !(ctx.errors = fopen(errors, resume ? "ab" : "wb"))) {
        fprintf(stderr, "textmill: %s: cannot write: %s\n", errors, strerror(errno));
        goto done;
    }
    /* Documents are written whole: a large buffer makes one write of many
     * (stdio's default would make two or three a document). */
    if (!isatty(fileno(ctx.out)))
        setvbuf(ctx.out, NULL, _IOFBF, 1 << 20);
    ctx.writer = tm_writer_new(ctx.out, output, format, json_flags, &err);
    if (!ctx.writer) {
        cli_print_error(&err);
        goto done;
    }
    ropts.on_doc = sink_doc;
    if (format == TM_OUTPUT_JSONL) {
        ropts.render = render_jsonl;
        ropts.on_output = write_line;
    }
    ropts.on_error = sink_error;
    ropts.ctx = &ctx;
    ropts.stop = &stop_flag;
    if (!quiet && isatty(STDERR_FILENO)) {
        ropts.on_progress = show_progress;
        ctx.total_bytes = total_size(inputs, ninputs);
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);

    tm_run_stats st;
    tm_status rc = tm_run(pipeline, reader, &ropts, &st, &err);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    if (ctx.progress_shown)
        fputs("\r\033[K", stderr);
    tm_error werr;
    bool out_ok = tm_writer_finish(ctx.writer, &werr) == TM_OK && !ferror(ctx.out);
    if (!out_ok)
        cli_print_error(&werr);
    size_t items = st.docs_skipped + st.docs_in;
    if (ctx.out != stdout) {
        out_ok = fclose(ctx.out) == 0 && out_ok;
        ctx.out = stdout;
        if (ctx.direct) {
            /* Written in place: nothing to rename or keep. */
        } else if (out_ok && rc == TM_OK && interrupted && write_state(state, items)) {
            /* Keep the partial output for --resume. */
        } else if (out_ok && rc == TM_OK && !interrupted) {
            if (rename(partial, out_file) != 0) {
                fprintf(stderr, "textmill: %s: cannot rename into place: %s\n", out_file,
                        strerror(errno));
                out_ok = false;
            }
            remove(state);
        } else {
            remove(partial); /* nothing that looks complete is left */
            remove(state);
        }
    }
    if (rc != TM_OK)
        cli_print_error(&err);
    if (stats) {
        fprintf(stderr, "textmill: time per stage (summed over %s):\n",
                ropts.isolate ? "worker processes: not measured" : "workers");
        for (size_t i = 0; i < tm_pipeline_stage_count(pipeline) && i < TM_RUN_MAX_STAGES; i++)
            fprintf(stderr, "  %-24s %8.3f s  %8.1f MB/s\n", tm_pipeline_stage_name(pipeline, i),
                    st.stage_seconds[i],
                    st.stage_seconds[i] > 0 ? (double)st.bytes_in / 1e6 / st.stage_seconds[i] : 0.0);
    }
    if (!quiet) {
        fprintf(stderr, "textmill: %zu document%s in, %zu out, %zu failed", st.docs_in,
                st.docs_in == 1 ? "" : "s", st.docs_out, st.docs_failed);
        if (st.docs_failed && errors)
            fprintf(stderr, " (see %s)", errors);
        if (st.docs_skipped)
            fprintf(stderr, ", %zu skipped", st.docs_skipped);
        fprintf(stderr, " in %.2f s (%.0f docs/s, %.1f MB/s)\n", st.seconds,
                st.seconds > 0 ? (double)st.docs_in / st.seconds : 0.0,
                st.seconds > 0 ? (double)st.bytes_in / 1e6 / st.seconds : 0.0);
    }
    if (interrupted) {
        fprintf(stderr, "textmill: interrupted after %zu input items; ", items);
        if (out_file && access(state, F_OK) == 0)
            fprintf(stderr, "%s holds them. Resume with the same command and --resume.\n",
                    partial);
        else
            fprintf(stderr, "continue with the same command and --skip %zu.\n", items);
    }
    if (!out_ok)
        exit_code = EXIT_IO;
    else if (rc != TM_OK || interrupted)
        exit_code = rc == TM_ERR_IO ? EXIT_IO : EXIT_STOPPED;
    else
        exit_code = st.docs_failed ? EXIT_DOCS_FAILED : EXIT_OK;
done:
    if (ctx.out != stdout) { /* opened, then the run never started */
        fclose(ctx.out);
        if (!resume && !ctx.direct)
            remove(partial);
    }
    if (ctx.errors)
        fclose(ctx.errors);
    free(partial);
    free(state);
    tm_writer_free(ctx.writer);
    tm_reader_free(reader);
    tm_pipeline_free(pipeline);
    tm_registry_free(reg);
    free(pipeline_path);
    free(paths);
    return exit_code;
}
