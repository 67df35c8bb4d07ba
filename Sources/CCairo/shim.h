#ifndef CCAIRO_SHIM_H
#define CCAIRO_SHIM_H
/* Cairo draws the learning curves (Plotting module): an image surface written as PNG and an SVG
   surface, with the same drawing calls. Debian: libcairo2-dev; macOS: brew install cairo. */
#include <cairo.h>
#include <cairo-svg.h>
#endif
