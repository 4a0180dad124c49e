// Tesseract's C API and Leptonica (its image library), for the letter-ocr plugin.
// Debian: libtesseract-dev, libleptonica-dev (pkg-config `tesseract`, `lept`).
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>
