/* Deck YAML to plain data in one pass over libyaml's events.
 *
 * PyYAML's composer builds a node object and two mark objects for every value before a deck's
 * data is read out of them: four fifths of the time of reading a large deck went there, and
 * libyaml's own parse is the rest. This module reads the same events from libyaml's parser (the
 * system's libyaml, where PyYAML's wheel carries its own copy) and builds the data and its lines
 * directly, by the rules of pyyaml_reading.py, which reads through PyYAML where this module was
 * not built. Both give the same answer for any text (tests/test_yaml_readers.py, which also tests
 * the one exception): every scalar is text, an unquoted empty or null word is None, keys are
 * plain words given once, an alias is refused at the line of its anchor, and a value more than
 * max_depth levels deep stops the reading. An error in the YAML itself outranks an error in the
 * data wherever each is, since PyYAML reads the whole document before its data.
 *
 * read(text: str, max_depth: int, lines_depth: int, meanwhile=None, aside=True) -> (value, lines, error)
 *   text: read as UTF-8, in place where Python holds it so (an ASCII text): encoding it took a new buffer of the
 *         text's size (0.14 ms of a process's first reading of 1,000 cards);
 *   max_depth: from 1 to MAX_DEPTH;
 *   meanwhile: called with no arguments before the data is built, while libyaml parses when it parses aside;
 *   aside: libyaml parses on a thread of its own, beside the reading (else in it, when it runs out of events);
 *   value: the document's data (None for an empty stream);
 *   lines: per mapping a dict {key: (line, lines of the value)}, per sequence a list of
 *          (line, lines of the entry), None for a scalar and for a node lines_depth levels deep
 *          or more (the document's is 1); a repeated key keeps its first line;
 *   error: None, or (kind, line, detail): kind "data" (detail: the message), "yaml" (detail:
 *          libyaml's problem), or "character" (detail: the code of a character libyaml refused).
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <yaml.h>

/* The most read() may be asked to read into: the reading recurses once a level, on the C stack. */
#define MAX_DEPTH 1000

/* An event as the reading needs it: a third of the size of libyaml's (104 bytes), whose marks and tags it
 * never reads. The events parsed ahead of a 1,000-card deck took 2.1 MB as libyaml's, and a process's first
 * reading waited for the system to map each of their pages: 350 page faults, 0.8 ms or more. */
typedef struct {
    yaml_char_t *value;  /* a scalar's text, owned */
    yaml_char_t *anchor; /* a node's anchor or an alias's name, owned; NULL for none */
    size_t length;       /* of a scalar's text */
    unsigned int line;   /* 0-based, as libyaml's marks */
    unsigned char type;  /* a yaml_event_type_t */
    unsigned char style; /* a scalar's yaml_scalar_style_t */
} Event;

/* libyaml's parse, most of the reading, runs on a thread of its own (no Python on it) while the reading builds
 * the data from the events parsed so far, and the first deck a process reads builds its models meanwhile (see
 * read()). The events pass in blocks, which go back to the parser once read: a process's first reading of a
 * 1,000-card deck took 4.8 ms and 400 page faults, against 6.3 ms and 640 when all of its events were parsed
 * into one buffer first. With blocks of 512 events the reading waited for the parser at each (a second reading
 * 4.9 ms against 4.5), with 8,192 their pages took longer to map. */
#define BLOCK_EVENTS 2048
/* The most blocks parsed ahead of the reading (65,536 events, 2 MB): the parser waits for room beyond. */
#define BLOCKS_AHEAD 32

typedef struct Block {
    struct Block *next;
    size_t count;
    Event events[BLOCK_EVENTS];
} Block;

/* The one parser's events, from its thread to the reading: every field is behind the lock. */
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t changed; /* a block given or freed, the parse finished, or the reading stopped */
    Block *first, *last;    /* blocks parsed and not yet read, in order */
    Block *spare;           /* blocks read, to be filled again: their pages are mapped already */
    size_t ahead;           /* blocks from first to last */
    int finished;           /* the parser gave its last event, or failed */
    int failed;             /* it failed: libyaml's error is in the parser */
    int no_memory;          /* a block could not be allocated */
    int stopped;            /* the reading stopped: the parser stops too */
} Queue;

/* The most distinct mapping keys kept as one text object each for a reading: a deck's cards repeat a dozen keys. */
#define KEYS_KEPT 32

typedef struct {
    yaml_parser_t parser;     /* used only by the parsing thread until it finishes */
    Queue queue;
    pthread_t parsing;
    int threaded;             /* the parse has a thread of its own; else the reading parses when it runs out */
    Block *reading;           /* the block being read: events[next] onwards are unread */
    size_t next;
    Event event;              /* the current event, owned while has_event */
    int has_event;
    PyObject *keys[KEYS_KEPT]; /* the keys read so far, reused for each mapping that repeats them */
    int key_count;
    PyObject *anchors; /* this document's anchors: name (bytes) -> line (int) */
    PyObject *error;   /* the error to report: (kind, line, detail) */
    int max_depth;     /* a value deeper than this stops the reading */
    int lines_depth;   /* a list or mapping this deep or deeper has no lines (None) */
} Reader;

/* -- errors ------------------------------------------------------------------------------ */

/* Note the first error in the data; later ones are not reported. 0 only if Python failed. */
static int data_error(Reader *r, long line, PyObject *message) {
    if (message == NULL) {
        return 0;
    }
    if (r->error == NULL) {
        r->error = Py_BuildValue("(slO)", "data", line, message);
    }
    Py_DECREF(message);
    return r->error != NULL;
}

/* An error that stops the reading (in the YAML, or a value too deep): it replaces any error in the data. */
static void yaml_error(Reader *r, const char *kind, long line, PyObject *detail) {
    if (detail == NULL) {
        return;
    }
    Py_XSETREF(r->error, Py_BuildValue("(slO)", kind, line, detail));
    Py_DECREF(detail);
}

static void parser_error(Reader *r) {
    yaml_parser_t *p = &r->parser;
    if (p->error == YAML_MEMORY_ERROR) {
        PyErr_NoMemory();
    } else if (p->error == YAML_READER_ERROR) {
        yaml_error(r, "character", 1, PyLong_FromLong((long)p->problem_value));
    } else if (p->problem != NULL) {
        yaml_error(r, "yaml", (long)p->problem_mark.line + 1, PyUnicode_FromString(p->problem));
    } else if (p->context != NULL) {
        yaml_error(r, "yaml", (long)p->context_mark.line + 1, PyUnicode_FromString(p->context));
    } else {
        yaml_error(r, "yaml", 1, PyUnicode_FromString("unknown error"));
    }
}

/* -- events ------------------------------------------------------------------------------ */

/* libyaml's event as an Event: its text and anchor change owner, libyaml frees the rest. Most events own nothing
 * else (no tag, no directives): they are not deleted, which only cleared them (40,000 calls for 1,000 cards). */
static Event kept_event(yaml_event_t *parsed) {
    Event kept = {.type = (unsigned char)parsed->type};
    int owns_more = 0;
    kept.line = parsed->start_mark.line < UINT_MAX ? (unsigned int)parsed->start_mark.line : UINT_MAX;
    switch (parsed->type) {
    case YAML_SCALAR_EVENT:
        kept.value = parsed->data.scalar.value;
        kept.length = parsed->data.scalar.length;
        kept.style = (unsigned char)parsed->data.scalar.style;
        kept.anchor = parsed->data.scalar.anchor;
        parsed->data.scalar.value = parsed->data.scalar.anchor = NULL;
        owns_more = parsed->data.scalar.tag != NULL;
        break;
    case YAML_ALIAS_EVENT:
        kept.anchor = parsed->data.alias.anchor;
        parsed->data.alias.anchor = NULL;
        break;
    case YAML_SEQUENCE_START_EVENT:
        kept.anchor = parsed->data.sequence_start.anchor;
        parsed->data.sequence_start.anchor = NULL;
        owns_more = parsed->data.sequence_start.tag != NULL;
        break;
    case YAML_MAPPING_START_EVENT:
        kept.anchor = parsed->data.mapping_start.anchor;
        parsed->data.mapping_start.anchor = NULL;
        owns_more = parsed->data.mapping_start.tag != NULL;
        break;
    case YAML_DOCUMENT_START_EVENT:
        owns_more = 1; /* its directives */
        break;
    default:
        break;
    }
    if (owns_more) {
        yaml_event_delete(parsed);
    }
    return kept;
}

/* Free what an Event owns, through libyaml, which allocated it: a scalar event's deletion frees its text and anchor. */
static void event_free(Event *event) {
    if (event->value == NULL && event->anchor == NULL) { /* the start or end of a list or mapping, most often */
        return;
    }
    yaml_event_t owned = {.type = YAML_SCALAR_EVENT};
    owned.data.scalar.value = event->value;
    owned.data.scalar.anchor = event->anchor;
    yaml_event_delete(&owned);
    event->value = event->anchor = NULL;
}

/* -- the parsing thread: no Python here ----------------------------------------------------- */

/* Parse up to a block of events: 1 at the last event, -1 when the parser failed, else 0. */
static int fill(Reader *r, Block *block) {
    block->next = NULL;
    block->count = 0;
    while (block->count < BLOCK_EVENTS) {
        yaml_event_t event;
        if (!yaml_parser_parse(&r->parser, &event)) {
            return -1;
        }
        yaml_event_type_t type = event.type;
        block->events[block->count++] = kept_event(&event);
        if (type == YAML_STREAM_END_EVENT || type == YAML_NO_EVENT) { /* the end: libyaml gives empty events after it */
            return 1;
        }
    }
    return 0;
}

/* Parse the next block and give it to the reading, once there is room; 0 once the parse is over. */
static int parse_block(Reader *r) {
    Queue *q = &r->queue;
    pthread_mutex_lock(&q->lock);
    while (q->ahead >= BLOCKS_AHEAD && !q->stopped) {
        pthread_cond_wait(&q->changed, &q->lock);
    }
    if (q->stopped || q->finished) {
        pthread_mutex_unlock(&q->lock);
        return 0;
    }
    Block *block = q->spare;
    if (block != NULL) {
        q->spare = block->next;
    }
    pthread_mutex_unlock(&q->lock);
    if (block == NULL) {
        block = malloc(sizeof(Block));
    }
    int filled = block != NULL ? fill(r, block) : 0;
    pthread_mutex_lock(&q->lock);
    if (block != NULL) {
        *(q->last != NULL ? &q->last->next : &q->first) = block;
        q->last = block;
        q->ahead++;
    }
    q->no_memory = block == NULL;
    q->failed = filled < 0;
    q->finished = block == NULL || filled != 0;
    int more = !q->finished;
    pthread_cond_broadcast(&q->changed);
    pthread_mutex_unlock(&q->lock);
    return more;
}

static void *parse_all(void *reader) {
    while (parse_block(reader)) {
    }
    return NULL;
}

/* -- the reading's side ---------------------------------------------------------------------- */

/* The next block parsed, waiting for it with the GIL released; NULL once there is none. The block read is
 * given back. Without a thread of its own, the parser parses here as many blocks as it may run ahead: each
 * release of the GIL can wait for another thread to give it back. */
static Block *next_block(Reader *r) {
    Queue *q = &r->queue;
    pthread_mutex_lock(&q->lock);
    if (r->reading != NULL) {
        r->reading->next = q->spare;
        q->spare = r->reading;
        r->reading = NULL;
        pthread_cond_broadcast(&q->changed); /* room for the parser */
    }
    int waits = q->first == NULL && !q->finished;
    pthread_mutex_unlock(&q->lock);
    if (waits) {
        Py_BEGIN_ALLOW_THREADS
        if (r->threaded) {
            pthread_mutex_lock(&q->lock);
            while (q->first == NULL && !q->finished) {
                pthread_cond_wait(&q->changed, &q->lock);
            }
            pthread_mutex_unlock(&q->lock);
        } else {
            while (q->ahead < BLOCKS_AHEAD && parse_block(r)) { /* no other thread: no lock needed to look */
            }
        }
        Py_END_ALLOW_THREADS
    }
    pthread_mutex_lock(&q->lock);
    Block *block = q->first;
    if (block != NULL) {
        q->first = block->next;
        q->last = q->first != NULL ? q->last : NULL;
        q->ahead--;
    }
    pthread_mutex_unlock(&q->lock);
    return block;
}

/* Stop the parser (it may be ahead) and free every event not read, and the blocks. */
static void stop_parsing(Reader *r) {
    Queue *q = &r->queue;
    pthread_mutex_lock(&q->lock);
    q->stopped = 1;
    pthread_cond_broadcast(&q->changed);
    pthread_mutex_unlock(&q->lock);
    if (r->threaded) {
        Py_BEGIN_ALLOW_THREADS
        pthread_join(r->parsing, NULL);
        Py_END_ALLOW_THREADS
    }
    Block *block = r->reading; /* its events before next were read (and freed) */
    size_t unread = r->next;
    if (block != NULL) {
        block->next = q->first;
    } else {
        block = q->first;
        unread = 0;
    }
    while (block != NULL) {
        for (; unread < block->count; unread++) {
            event_free(&block->events[unread]);
        }
        Block *done = block;
        block = block->next;
        free(done);
        unread = 0;
    }
    while (q->spare != NULL) {
        Block *spare = q->spare;
        q->spare = spare->next;
        free(spare);
    }
    pthread_mutex_destroy(&q->lock);
    pthread_cond_destroy(&q->changed);
}

static int next_event(Reader *r) {
    if (r->has_event) {
        event_free(&r->event);
        r->has_event = 0;
    }
    while (r->reading == NULL || r->next == r->reading->count) { /* a block may be empty: the parser failed */
        r->reading = next_block(r);
        r->next = 0;
        if (r->reading == NULL) {
            /* The parser's fields are its thread's until it finishes: it has (no block is left). */
            if (r->queue.no_memory) {
                PyErr_NoMemory();
                return 0;
            }
            if (r->queue.failed) {
                parser_error(r);
                return 0;
            }
            r->event = (Event){.type = YAML_NO_EVENT}; /* past the stream's end */
            r->has_event = 1;
            return 1;
        }
    }
    r->event = r->reading->events[r->next++]; /* owned here now */
    r->has_event = 1;
    return 1;
}

static long event_line(Reader *r) { return (long)r->event.line + 1; }

static PyObject *scalar_text(Event *event) {
    return PyUnicode_DecodeUTF8((const char *)event->value, (Py_ssize_t)event->length, "strict");
}

/* A key's text: the one object of an earlier mapping's equal key when there is one. A thousand cards repeat a dozen
 * keys: one object each, not one a card, saves making, hashing and later freeing 7,000 texts (and their pages). */
static PyObject *key_text(Reader *r) {
    Event *event = &r->event;
    for (int i = 0; i < r->key_count; i++) {
        Py_ssize_t length;
        const char *kept = PyUnicode_AsUTF8AndSize(r->keys[i], &length);
        if (kept == NULL) {
            return NULL;
        }
        if ((size_t)length == event->length && memcmp(kept, event->value, event->length) == 0) {
            return Py_NewRef(r->keys[i]);
        }
    }
    PyObject *key = scalar_text(event);
    if (key != NULL && r->key_count < KEYS_KEPT) {
        r->keys[r->key_count++] = Py_NewRef(key);
    }
    return key;
}

static int is_null_word(Event *event) {
    static const char *const words[] = {"", "~", "null", "Null", "NULL"};
    if (event->style != YAML_PLAIN_SCALAR_STYLE) {
        return 0;
    }
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (event->length == strlen(words[i]) && memcmp(event->value, words[i], event->length) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Remember the current node's anchor, as PyYAML's composer does; a second use of a name is an error in the YAML. */
static int note_anchor(Reader *r) {
    yaml_char_t *anchor = r->event.type == YAML_ALIAS_EVENT ? NULL : r->event.anchor;
    if (anchor == NULL) {
        return 1;
    }
    PyObject *name = PyBytes_FromString((const char *)anchor);
    if (name == NULL) {
        return 0;
    }
    int known = PyDict_Contains(r->anchors, name);
    if (known == 1) {
        yaml_error(r, "yaml", event_line(r), PyUnicode_FromString("second occurrence"));
    }
    PyObject *line = known == 0 ? PyLong_FromLong(event_line(r)) : NULL;
    int done = line != NULL && PyDict_SetItem(r->anchors, name, line) == 0;
    Py_XDECREF(line);
    Py_DECREF(name);
    return done;
}

/* An alias: refused at the line of its anchor, or an error in the YAML if the anchor is not set. */
static int refuse_alias(Reader *r) {
    PyObject *name = PyBytes_FromString((const char *)r->event.anchor);
    if (name == NULL) {
        return 0;
    }
    PyObject *line = PyDict_GetItemWithError(r->anchors, name);
    Py_DECREF(name);
    if (line == NULL) {
        if (!PyErr_Occurred()) {
            yaml_error(r, "yaml", event_line(r), PyUnicode_FromString("found undefined alias"));
        }
        return 0;
    }
    return data_error(r, PyLong_AsLong(line), PyUnicode_FromString("anchors and aliases are not allowed (anchor set here)"));
}

/* -- composing --------------------------------------------------------------------------- */

static PyObject *compose(Reader *r, PyObject **lines, int depth, long parent_line);
static PyObject *compose_checked(Reader *r, PyObject **lines, int depth);
static PyObject *too_deep(Reader *r, long parent_line);

/* The node whose first event comes next; NULL when reading stops. */
static PyObject *compose_next(Reader *r, PyObject **lines, int depth, long parent_line) {
    if (!next_event(r)) {
        return NULL;
    }
    return compose(r, lines, depth, parent_line);
}

/* Note an entry's or a key's (line, lines) in ``where`` (a list or dict; with no lines, None, nothing is noted). */
static int note_line(PyObject *where, PyObject *key, long line, PyObject *lines) {
    if (where == Py_None) {
        return 1;
    }
    PyObject *pair = Py_BuildValue("(lO)", line, lines);
    int noted = pair != NULL && (key == NULL ? PyList_Append(where, pair) : PyDict_SetItem(where, key, pair)) == 0;
    Py_XDECREF(pair);
    return noted;
}

static PyObject *compose_sequence(Reader *r, PyObject *items, PyObject *lines, int depth, long own_line) {
    for (;;) {
        if (!next_event(r)) {
            return NULL;
        }
        if (r->event.type == YAML_SEQUENCE_END_EVENT) {
            return items;
        }
        long line = event_line(r);
        PyObject *child_lines = NULL;
        PyObject *child = compose(r, &child_lines, depth + 1, own_line);
        if (child == NULL) {
            return NULL;
        }
        int added = PyList_Append(items, child) == 0 && note_line(lines, NULL, line, child_lines);
        Py_DECREF(child);
        Py_DECREF(child_lines);
        if (!added) {
            return NULL;
        }
    }
}

/* The key of the pair whose first event is current: a plain word, or None after noting why not. */
static PyObject *compose_key(Reader *r, PyObject *mapping, int depth, long own_line) {
    long line = event_line(r);
    if (r->event.type == YAML_ALIAS_EVENT) {
        return refuse_alias(r) ? Py_NewRef(Py_None) : NULL;
    }
    if (!note_anchor(r)) {
        return NULL;
    }
    if (depth + 1 > r->max_depth) {
        return too_deep(r, own_line);
    }
    if (r->event.type != YAML_SCALAR_EVENT) {
        /* Noted before what is inside it, which is read through only for errors in the YAML. */
        if (!data_error(r, line, PyUnicode_FromString("keys must be plain words"))) {
            return NULL;
        }
        PyObject *ignored_lines = NULL;
        PyObject *ignored = compose_checked(r, &ignored_lines, depth + 1);
        if (ignored == NULL) {
            return NULL;
        }
        Py_DECREF(ignored);
        Py_DECREF(ignored_lines);
        return Py_NewRef(Py_None);
    }
    PyObject *key = key_text(r);
    if (key == NULL) {
        return NULL;
    }
    int given = PyDict_Contains(mapping, key);
    if (given == 1 && !data_error(r, line, PyUnicode_FromFormat("'%U' is given twice", key))) {
        given = -1;
    }
    if (given < 0) {
        Py_DECREF(key);
        return NULL;
    }
    return key;
}

static PyObject *compose_mapping(Reader *r, PyObject *mapping, PyObject *lines, int depth, long own_line) {
    for (;;) {
        if (!next_event(r)) {
            return NULL;
        }
        if (r->event.type == YAML_MAPPING_END_EVENT) {
            return mapping;
        }
        long key_line = event_line(r);
        PyObject *key = compose_key(r, mapping, depth, own_line);
        if (key == NULL) {
            return NULL;
        }
        PyObject *value_lines = NULL;
        PyObject *value = compose_next(r, &value_lines, depth + 1, own_line);
        int kept = value != NULL;
        int given = kept && key != Py_None ? PyDict_Contains(mapping, key) : 1;
        if (given == 0) { /* a repeated key keeps its first value and line */
            kept = PyDict_SetItem(mapping, key, value) == 0 && note_line(lines, key, key_line, value_lines);
        } else if (given < 0) {
            kept = 0;
        }
        Py_DECREF(key);
        Py_XDECREF(value);
        Py_XDECREF(value_lines);
        if (!kept) {
            return NULL;
        }
    }
}

/* A value too deep: reading stops there, reported at the line of the list or mapping that holds it. */
static PyObject *too_deep(Reader *r, long parent_line) {
    yaml_error(r, "data", parent_line, PyUnicode_FromFormat("values are nested more than %d levels deep", r->max_depth));
    return NULL;
}

/* The node whose first event is current, at this depth (the document's is 1) in the list or mapping at
 * parent_line, with its lines in *lines; NULL when reading stops. The checks come in PyYAML's order. */
static PyObject *compose(Reader *r, PyObject **lines, int depth, long parent_line) {
    *lines = NULL;
    if (r->event.type == YAML_ALIAS_EVENT) {
        if (!refuse_alias(r)) {
            return NULL;
        }
        *lines = Py_NewRef(Py_None);
        return Py_NewRef(Py_None);
    }
    if (!note_anchor(r)) {
        return NULL;
    }
    if (depth > r->max_depth) {
        return too_deep(r, parent_line);
    }
    return compose_checked(r, lines, depth);
}

/* The node whose first event is current, its alias, anchor and depth checked. */
static PyObject *compose_checked(Reader *r, PyObject **lines, int depth) {
    *lines = NULL;
    long own_line = event_line(r);
    PyObject *value = NULL;
    PyObject *where = NULL;
    switch (r->event.type) {
    case YAML_SCALAR_EVENT:
        value = is_null_word(&r->event) ? Py_NewRef(Py_None) : scalar_text(&r->event);
        where = Py_NewRef(Py_None);
        break;
    case YAML_SEQUENCE_START_EVENT:
        value = PyList_New(0);
        where = depth < r->lines_depth ? PyList_New(0) : Py_NewRef(Py_None);
        if (value != NULL && where != NULL && compose_sequence(r, value, where, depth, own_line) == NULL) {
            Py_CLEAR(value);
        }
        break;
    case YAML_MAPPING_START_EVENT:
        value = PyDict_New();
        where = depth < r->lines_depth ? PyDict_New() : Py_NewRef(Py_None);
        if (value != NULL && where != NULL && compose_mapping(r, value, where, depth, own_line) == NULL) {
            Py_CLEAR(value);
        }
        break;
    default:
        yaml_error(r, "yaml", own_line, PyUnicode_FromString("unexpected event"));
    }
    if (value == NULL) {
        Py_XDECREF(where);
        return NULL;
    }
    if (where == NULL) {
        Py_DECREF(value);
        return NULL;
    }
    *lines = where;
    return value;
}

/* The stream's one document, as PyYAML's get_single_node reads it. */
static PyObject *compose_stream(Reader *r, PyObject **lines) {
    *lines = Py_NewRef(Py_None);
    if (!next_event(r) || !next_event(r)) { /* the stream's start, then a document's start or the stream's end */
        return NULL;
    }
    if (r->event.type == YAML_STREAM_END_EVENT) {
        return Py_NewRef(Py_None);
    }
    Py_CLEAR(*lines);
    PyObject *value = compose_next(r, lines, 1, 1);
    if (value == NULL || !next_event(r) || !next_event(r)) { /* the document's end, then the stream's */
        Py_XDECREF(value);
        return NULL;
    }
    if (r->event.type != YAML_STREAM_END_EVENT) {
        yaml_error(r, "yaml", event_line(r), PyUnicode_FromString("but found another document"));
        Py_DECREF(value);
        return NULL;
    }
    return value;
}

static PyObject *read_deck_yaml(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *text;
    PyObject *meanwhile = Py_None;
    int aside = 1;
    Reader r = {0};
    if (!PyArg_ParseTuple(args, "Uii|Op", &text, &r.max_depth, &r.lines_depth, &meanwhile, &aside)) {
        return NULL;
    }
    if (r.max_depth < 1 || r.max_depth > MAX_DEPTH) {
        return PyErr_Format(PyExc_ValueError, "max_depth must be from 1 to %d", MAX_DEPTH);
    }
    Py_ssize_t size;
    const char *data = PyUnicode_AsUTF8AndSize(text, &size); /* kept with the text, which the caller holds */
    if (data == NULL) {
        return NULL;
    }
    if (!yaml_parser_initialize(&r.parser)) {
        return PyErr_NoMemory();
    }
    yaml_parser_set_input_string(&r.parser, (const unsigned char *)data, (size_t)size);
    if (pthread_mutex_init(&r.queue.lock, NULL) != 0 || pthread_cond_init(&r.queue.changed, NULL) != 0) {
        yaml_parser_delete(&r.parser);
        return PyErr_NoMemory();
    }
    /* The parsing thread takes no signal: Python's handlers belong to the threads it knows. Not aside, or with
     * no thread to spare (a limit reached), the reading parses when it runs out of events (see next_block). */
    if (aside) {
        sigset_t every_signal, signals_before;
        sigfillset(&every_signal);
        pthread_sigmask(SIG_BLOCK, &every_signal, &signals_before);
        r.threaded = pthread_create(&r.parsing, NULL, parse_all, &r) == 0;
        pthread_sigmask(SIG_SETMASK, &signals_before, NULL);
    }
    PyObject *lines = NULL;
    PyObject *value = NULL;
    PyObject *called = meanwhile != Py_None ? PyObject_CallNoArgs(meanwhile) : Py_NewRef(Py_None);
    r.anchors = called != NULL ? PyDict_New() : NULL;
    Py_XDECREF(called);
    if (r.anchors != NULL) {
        value = compose_stream(&r, &lines);
    }
    if (r.has_event) {
        event_free(&r.event);
    }
    stop_parsing(&r);
    yaml_parser_delete(&r.parser);
    Py_XDECREF(r.anchors);
    for (int i = 0; i < r.key_count; i++) {
        Py_DECREF(r.keys[i]);
    }
    PyObject *result = NULL;
    if (!PyErr_Occurred()) {
        if (r.error != NULL) { /* the data and its lines are not given with an error */
            result = Py_BuildValue("(OOO)", Py_None, Py_None, r.error);
        } else if (value != NULL && lines != NULL) {
            result = Py_BuildValue("(OOO)", value, lines, Py_None);
        } else {
            PyErr_SetString(PyExc_RuntimeError, "YAML reading stopped without an error");
        }
    }
    Py_XDECREF(value);
    Py_XDECREF(lines);
    Py_XDECREF(r.error);
    return result;
}

static PyMethodDef methods[] = {
    {"read", read_deck_yaml, METH_VARARGS, "Deck YAML (UTF-8 bytes) to (value, lines, error); see the module's source."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    .m_base = PyModuleDef_HEAD_INIT, .m_name = "_deck_yaml", .m_size = 0, .m_methods = methods,
};

PyMODINIT_FUNC PyInit__deck_yaml(void) { return PyModule_Create(&module); }
