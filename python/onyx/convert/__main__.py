"""python3 -m onyx.convert MODEL.onnx -o MODEL.onyx [--input-shape NAME:D0,D1,...]... [--optimize LEVEL] [--quiet]"""

import sys

from onyx.convert import main

if __name__ == "__main__":
    sys.exit(main())
