/*
 * textmill/textmill.h - everything textmill offers, in one include.
 */
#ifndef TEXTMILL_H
#define TEXTMILL_H

#include <textmill/version.h>
#include <textmill/error.h>
#include <textmill/utf8.h>
#include <textmill/document.h>
#include <textmill/token.h>
#include <textmill/datafile.h>
#include <textmill/perthread.h>
#include <textmill/plugin.h>
#include <textmill/registry.h>
#include <textmill/pipeline.h>
#include <textmill/io.h>
#include <textmill/runner.h>

#endif
