/* run.c - `textmill run`: a pipeline over a batch of documents. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char run_usage[] =
    "usage: textmill run [OPTIONS] PIPELINE [INPUT...]\n"
    "\n"
    "Runs PIPELINE over the documents of each INPUT: a text file (one document,\n"
    "its path the id), a folder (its files, recursively, in name order), a JSON\n"
    "Lines file (*.jsonl, *.ndjson: one {\"id\", \"text\", ...} object a line), or\n"
    "'-' for standard input (the default). Output is JSON Lines on stdout.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE        write to FILE (atomically: complete or absent)\n"
    "  -f, --format FMT         jsonl (default), text, html, conll or brat (brat\n"
    "                           needs -o FOLDER)\n"
    "  -e, --errors FILE        write failed documents (id, stage, reason, input)\n"
    "                           to FILE as JSON Lines; default: stderr, short\n"
    "      --on-error MODE      skip (default: record and go on) or fail (stop)\n"
    "      --max-errors N       stop after N failed documents (0 = no limit)\n"
    "      --input-format FMT   auto (default), text or jsonl\n"
    "      --invalid-utf8 P     error (default), replace (U+FFFD) or cp1252\n"
    "      --max-doc-size SIZE  largest document or line, e.g. 64M (default 256M)\n"
    "      --raw-offsets        add raw_start/raw_end (offsets in the input\n"
    "                           before any rewriting stage) to every span\n"
    "      --no-span-text       leave the covered text out of spans\n"
    "  -P, --plugin-path DIR    look for plugins in DIR first (repeatable)\n"
    "  -q, --quiet              no summary line on stderr\n"
    "  -h, --help               this help\n"
    "\n"
    "Exit codes: 0 all documents processed; 1 some failed; 2 usage error;\n"
    "3 the pipeline did not load; 4 input/output error; 5 stopped early.\n";

typedef struct run_ctx {
    FILE *out;
    tm_writer *writer;
    tm_output_format format;
    unsigned json_flags;
    FILE *errors;       /* NULL: short reports on stderr */
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

static void sink_error(void *ctx, const tm_error *error, const char *raw, size_t raw_len)
{
    run_ctx *c = ctx;
    if (c->errors)
        tm_write_error_record(c->errors, error, raw, raw_len);
    else
        cli_print_error(error);
}

/* Opens FILE.tmp.PID beside path; the caller renames it at the end. */
static FILE *open_temp(const char *path, char **tmp_path)
{
    size_t n = strlen(path) + 32;
    *tmp_path = malloc(n);
    if (!*tmp_path)
        return NULL;
    snprintf(*tmp_path, n, "%s.tmp.%ld", path, (long)getpid());
    return fopen(*tmp_path, "wb");
}

int cmd_run(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},
        {"errors", required_argument, NULL, 'e'},
        {"on-error", required_argument, NULL, 1},
        {"max-errors", required_argument, NULL, 2},
        {"input-format", required_argument, NULL, 3},
        {"invalid-utf8", required_argument, NULL, 4},
        {"max-doc-size", required_argument, NULL, 5},
        {"raw-offsets", no_argument, NULL, 6},
        {"no-span-text", no_argument, NULL, 7},
        {"plugin-path", required_argument, NULL, 'P'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {0}};
    const char *output = NULL, *errors = NULL;
    char **paths = calloc((size_t)argc + 1, sizeof *paths);
    int npaths = 0;
    bool quiet = false;
    run_ctx ctx = {stdout, NULL, TM_OUTPUT_JSONL, 0, NULL};
    tm_run_options ropts = {0};
    tm_reader_options iopts = {0};
    int exit_code = EXIT_USAGE;
    unsigned long n;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+o:f:e:P:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'e': errors = optarg; break;
        case 'P': paths[npaths++] = optarg; break;
        case 'q': quiet = true; break;
        case 'h': fputs(run_usage, stdout); free(paths); return EXIT_OK;
        case 'f': {
            int f = tm_output_format_parse(optarg);
            if (f < 0)
                goto bad_value;
            ctx.format = (tm_output_format)f;
            break;
        }
        case 1:
            if (strcmp(optarg, "skip") == 0)
                ropts.error_mode = TM_ON_ERROR_SKIP;
            else if (strcmp(optarg, "fail") == 0)
                ropts.error_mode = TM_ON_ERROR_FAIL;
            else
                goto bad_value;
            break;
        case 2:
            if (!cli_parse_uint(optarg, 0, ULONG_MAX, &n))
                goto bad_value;
            ropts.max_errors = n;
            break;
        case 3:
            if (strcmp(optarg, "auto") == 0)
                iopts.format = TM_INPUT_AUTO;
            else if (strcmp(optarg, "text") == 0)
                iopts.format = TM_INPUT_TEXT;
            else if (strcmp(optarg, "jsonl") == 0)
                iopts.format = TM_INPUT_JSONL;
            else
                goto bad_value;
            break;
        case 4:
            if (strcmp(optarg, "error") == 0)
                iopts.utf8 = TM_UTF8_ERROR;
            else if (strcmp(optarg, "replace") == 0)
                iopts.utf8 = TM_UTF8_REPLACE;
            else if (strcmp(optarg, "cp1252") == 0)
                iopts.utf8 = TM_UTF8_CP1252;
            else
                goto bad_value;
            break;
        case 5:
            if (!cli_parse_size(optarg, &iopts.max_doc_bytes) || iopts.max_doc_bytes == 0)
                goto bad_value;
            break;
        case 6: ctx.json_flags |= TM_JSON_RAW_OFFSETS; break;
        case 7: ctx.json_flags |= TM_JSON_NO_SPAN_TEXT; break;
        case '?':
        default:
            free(paths);
            if (optopt)
                return cli_usage_error("run", "option -%c needs a value or is unknown", optopt);
            return cli_usage_error("run", "unknown option '%s'", argv[optind - 1]);
        }
        continue;
    bad_value:
        free(paths);
        return cli_usage_error("run", "bad value '%s' for %s", optarg, argv[optind - 1]);
    }
    if (optind >= argc) {
        free(paths);
        return cli_usage_error("run", "missing PIPELINE");
    }
    if (ctx.format == TM_OUTPUT_BRAT && !output) {
        free(paths);
        return cli_usage_error("run", "--format brat writes a folder: give it with -o FOLDER");
    }
    /* brat writes a folder of files; the others one stream. */
    const char *out_file = ctx.format == TM_OUTPUT_BRAT ? NULL : output;
    char *pipeline_path = cli_pipeline_path(argv[optind++]);
    static const char *const stdin_only[] = {"-"};
    const char *const *inputs = optind < argc ? (const char *const *)argv + optind : stdin_only;
    size_t ninputs = optind < argc ? (size_t)(argc - optind) : 1;

    tm_error err;
    tm_registry *reg = cli_registry(paths, npaths);
    tm_pipeline *pipeline = NULL;
    tm_reader *reader = NULL;
    char *tmp_path = NULL;
    exit_code = EXIT_PIPELINE;
    if (!reg)
        goto done;
    pipeline = tm_pipeline_load_file(reg, pipeline_path, &err);
    if (!pipeline) {
        cli_print_error(&err);
        exit_code = err.code == TM_ERR_IO ? EXIT_IO : EXIT_PIPELINE;
        goto done;
    }
    exit_code = EXIT_IO;
    reader = tm_reader_new(inputs, ninputs, &iopts, &err);
    if (!reader) {
        cli_print_error(&err);
        goto done;
    }
    if (out_file && !(ctx.out = open_temp(out_file, &tmp_path))) {
        fprintf(stderr, "textmill: %s: cannot write: %s\n", output, strerror(errno));
        goto done;
    }
    if (errors && !(ctx.errors = fopen(errors, "wb"))) {
        fprintf(stderr, "textmill: %s: cannot write: %s\n", errors, strerror(errno));
        goto done;
    }
    ctx.writer = tm_writer_new(ctx.out, output, ctx.format, ctx.json_flags, &err);
    if (!ctx.writer) {
        cli_print_error(&err);
        goto done;
    }
    ropts.on_doc = sink_doc;
    ropts.on_error = sink_error;
    ropts.ctx = &ctx;
    ropts.stop = &stop_flag;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);

    tm_run_stats st;
    tm_status rc = tm_run(pipeline, reader, &ropts, &st, &err);
    tm_error werr;
    bool out_ok = tm_writer_finish(ctx.writer, &werr) == TM_OK && !ferror(ctx.out);
    if (ctx.out != stdout) {
        out_ok = fclose(ctx.out) == 0 && out_ok;
        ctx.out = stdout;
        /* A run cut short leaves no file that looks complete. */
        if (out_ok && rc == TM_OK && !interrupted && rename(tmp_path, out_file) != 0) {
            fprintf(stderr, "textmill: %s: cannot rename into place: %s\n", output,
                    strerror(errno));
            out_ok = false;
        }
        if (!out_ok || rc != TM_OK || interrupted)
            remove(tmp_path);
    }
    if (rc != TM_OK)
        cli_print_error(&err);
    if (!quiet)
        fprintf(stderr,
                "textmill: %zu document%s in, %zu out, %zu failed%s%s%s (%.2f s, %.1f MB/s)\n",
                st.docs_in, st.docs_in == 1 ? "" : "s", st.docs_out, st.docs_failed,
                st.docs_failed && errors ? " (see " : "", st.docs_failed && errors ? errors : "",
                st.docs_failed && errors ? ")" : "", st.seconds,
                st.seconds > 0 ? (double)st.bytes_in / 1e6 / st.seconds : 0.0);
    if (interrupted)
        fprintf(stderr, "textmill: interrupted; the output was not written\n");
    if (!out_ok)
        exit_code = EXIT_IO;
    else if (rc != TM_OK || interrupted)
        exit_code = rc == TM_ERR_IO ? EXIT_IO : EXIT_STOPPED;
    else
        exit_code = st.docs_failed ? EXIT_DOCS_FAILED : EXIT_OK;
done:
    if (ctx.out != stdout) { /* opened, then the run never started */
        fclose(ctx.out);
        remove(tmp_path);
    }
    if (ctx.errors)
        fclose(ctx.errors);
    free(tmp_path);
    tm_writer_free(ctx.writer);
    tm_reader_free(reader);
    tm_pipeline_free(pipeline);
    tm_registry_free(reg);
    free(pipeline_path);
    free(paths);
    return exit_code;
}
