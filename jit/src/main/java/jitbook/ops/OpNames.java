package jitbook.ops;

/**
 * The wire name of every registered op, as a constant, so that code outside this package names
 * an op by a handle the compiler checks ({@code OpNames.ADD}, not {@code "tensor::add"}): a typo
 * is a compile error, and {@code OpNamesTest} checks that this table and the registry agree
 * (every constant resolves, every op has its constant, and each constant is named after its op:
 * {@code tensor::x} is {@code X}, any other namespace {@code ns::x} is {@code NS_X}). The
 * declarations themselves stay in the op families; this is their index. Constants are
 * compile-time strings, so they also serve as {@code case} labels.
 */
public final class OpNames {
    private OpNames() {
    }

    /**
     * The wire name held by the constant called {@code constant} (e.g. {@code "ADD"} gives
     * {@code "tensor::add"}), or null if there is no such constant: how the script compiler reads
     * {@code Dispatcher.tensor(OpNames.ADD, ...)} in library source.
     */
    public static String ofConstant(String constant) {
        try {
            java.lang.reflect.Field f = OpNames.class.getField(constant);
            return f.getType() == String.class && java.lang.reflect.Modifier.isStatic(f.getModifiers()) ? (String) f.get(null) : null;
        } catch (NoSuchFieldException | IllegalAccessException e) {
            return null;
        }
    }

    // ---- Tensor ops.
    public static final String ADD = "tensor::add";
    public static final String SUB = "tensor::sub";
    public static final String MUL = "tensor::mul";
    public static final String DIV = "tensor::div";
    public static final String POW = "tensor::pow";
    public static final String MAXIMUM = "tensor::maximum";
    public static final String MINIMUM = "tensor::minimum";
    public static final String WHERE = "tensor::where";
    public static final String NEG = "tensor::neg";
    public static final String ABS = "tensor::abs";
    public static final String SIGN = "tensor::sign";
    public static final String EXP = "tensor::exp";
    public static final String LOG = "tensor::log";
    public static final String SQRT = "tensor::sqrt";
    public static final String SIN = "tensor::sin";
    public static final String COS = "tensor::cos";
    public static final String ERF = "tensor::erf";
    public static final String TANH = "tensor::tanh";
    public static final String SIGMOID = "tensor::sigmoid";
    public static final String RELU = "tensor::relu";
    public static final String GELU = "tensor::gelu";
    public static final String LEAKY_RELU = "tensor::leaky_relu";
    public static final String CLAMP = "tensor::clamp";
    public static final String CLAMP_MIN = "tensor::clamp_min";
    public static final String CLAMP_MAX = "tensor::clamp_max";
    public static final String FLOOR = "tensor::floor";
    public static final String CEIL = "tensor::ceil";
    public static final String ROUND = "tensor::round";
    public static final String REMAINDER = "tensor::remainder";
    public static final String FLOOR_DIVIDE = "tensor::floor_divide";
    public static final String LOG1P = "tensor::log1p";
    public static final String EXPM1 = "tensor::expm1";
    public static final String RSQRT = "tensor::rsqrt";
    public static final String RECIPROCAL = "tensor::reciprocal";
    public static final String SOFTPLUS = "tensor::softplus";
    public static final String SILU = "tensor::silu";
    public static final String GELU_TANH = "tensor::gelu_tanh";
    public static final String MISH = "tensor::mish";
    public static final String ELU = "tensor::elu";
    public static final String HARDTANH = "tensor::hardtanh";
    public static final String ISNAN = "tensor::isnan";
    public static final String ISINF = "tensor::isinf";
    public static final String ISFINITE = "tensor::isfinite";
    public static final String LOGICAL_NOT = "tensor::logical_not";
    public static final String LOGICAL_AND = "tensor::logical_and";
    public static final String LOGICAL_OR = "tensor::logical_or";
    public static final String LOGICAL_XOR = "tensor::logical_xor";
    public static final String EQ = "tensor::eq";
    public static final String NE = "tensor::ne";
    public static final String LT = "tensor::lt";
    public static final String LE = "tensor::le";
    public static final String GT = "tensor::gt";
    public static final String GE = "tensor::ge";
    public static final String SUM = "tensor::sum";
    public static final String MEAN = "tensor::mean";
    public static final String MEAN_BACKWARD = "tensor::mean_backward";
    public static final String MAX = "tensor::max";
    public static final String MIN = "tensor::min";
    public static final String ARGMAX = "tensor::argmax";
    public static final String ARGMIN = "tensor::argmin";
    public static final String VAR = "tensor::var";
    public static final String VAR_BACKWARD = "tensor::var_backward";
    public static final String LOGSUMEXP = "tensor::logsumexp";
    public static final String SOFTMAX = "tensor::softmax";
    public static final String LOG_SOFTMAX = "tensor::log_softmax";
    public static final String SUM_TO_SIZE = "tensor::sum_to_size";
    public static final String EXPAND_AS = "tensor::expand_as";
    public static final String EXPAND = "tensor::expand";
    public static final String UNREDUCE = "tensor::unreduce";
    public static final String RESHAPE = "tensor::reshape";
    public static final String RESHAPE_AS = "tensor::reshape_as";
    public static final String FLATTEN = "tensor::flatten";
    public static final String SQUEEZE = "tensor::squeeze";
    public static final String UNSQUEEZE = "tensor::unsqueeze";
    public static final String T = "tensor::t";
    public static final String TRANSPOSE = "tensor::transpose";
    public static final String PERMUTE = "tensor::permute";
    public static final String PERMUTE_BACKWARD = "tensor::permute_backward";
    public static final String CAT = "tensor::cat";
    public static final String SPLIT_LIKE = "tensor::split_like";
    public static final String STACK = "tensor::stack";
    public static final String NARROW = "tensor::narrow";
    public static final String NARROW_BACKWARD = "tensor::narrow_backward";
    public static final String SELECT = "tensor::select";
    public static final String SELECT_BACKWARD = "tensor::select_backward";
    public static final String INDEX_SELECT = "tensor::index_select";
    public static final String INDEX_SELECT_BACKWARD = "tensor::index_select_backward";
    public static final String MATMUL = "tensor::matmul";
    public static final String MATMUL_OPERAND = "tensor::matmul_operand";
    public static final String MATMUL_GRAD_OUTPUT = "tensor::matmul_grad_output";
    public static final String LINEAR = "tensor::linear";
    public static final String LINEAR_WEIGHT_GRAD = "tensor::linear_weight_grad";
    public static final String CONV2D = "tensor::conv2d";
    public static final String CONV2D_BACKWARD_INPUT = "tensor::conv2d_backward_input";
    public static final String CONV2D_BACKWARD_WEIGHT = "tensor::conv2d_backward_weight";
    public static final String MAX_POOL2D = "tensor::max_pool2d";
    public static final String MAX_POOL2D_BACKWARD = "tensor::max_pool2d_backward";
    public static final String DROPOUT_MASK = "tensor::dropout_mask";
    public static final String EMBEDDING = "tensor::embedding";
    public static final String EMBEDDING_BACKWARD = "tensor::embedding_backward";
    public static final String MSE_LOSS = "tensor::mse_loss";
    public static final String CROSS_ENTROPY = "tensor::cross_entropy";
    public static final String CROSS_ENTROPY_BACKWARD = "tensor::cross_entropy_backward";
    public static final String CROSS_ENTROPY_TARGET_BACKWARD = "tensor::cross_entropy_target_backward";
    public static final String NLL_LOSS = "tensor::nll_loss";
    public static final String NLL_LOSS_BACKWARD = "tensor::nll_loss_backward";
    public static final String LAYER_NORM = "tensor::layer_norm";
    public static final String LAYER_NORM_BACKWARD = "tensor::layer_norm_backward";
    public static final String ZEROS = "tensor::zeros";
    public static final String ONES = "tensor::ones";
    public static final String FULL = "tensor::full";
    public static final String ARANGE = "tensor::arange";
    public static final String EYE = "tensor::eye";
    public static final String RAND = "tensor::rand";
    public static final String RANDN = "tensor::randn";
    public static final String ZEROS_LIKE = "tensor::zeros_like";
    public static final String ONES_LIKE = "tensor::ones_like";
    public static final String TO = "tensor::to";
    public static final String DETACH = "tensor::detach";
    public static final String TYPE_AS = "tensor::type_as";
    public static final String NUMEL = "tensor::numel";
    public static final String SIZE = "tensor::size";
    public static final String ITEM = "tensor::item";
    public static final String DIM = "tensor::dim";

    // ---- Ops on Java numbers and booleans (script arithmetic, Math.*).
    public static final String SCALAR_ADD = "scalar::add";
    public static final String SCALAR_SUB = "scalar::sub";
    public static final String SCALAR_MUL = "scalar::mul";
    public static final String SCALAR_DIV = "scalar::div";
    public static final String SCALAR_MOD = "scalar::mod";
    public static final String SCALAR_NEG = "scalar::neg";
    public static final String SCALAR_LT = "scalar::lt";
    public static final String SCALAR_LE = "scalar::le";
    public static final String SCALAR_GT = "scalar::gt";
    public static final String SCALAR_GE = "scalar::ge";
    public static final String SCALAR_EQ = "scalar::eq";
    public static final String SCALAR_NE = "scalar::ne";
    public static final String SCALAR_AND = "scalar::and";
    public static final String SCALAR_OR = "scalar::or";
    public static final String SCALAR_NOT = "scalar::not";
    public static final String SCALAR_TO_FLOAT = "scalar::to_float";
    public static final String SCALAR_TO_INT = "scalar::to_int";
    public static final String SCALAR_SQRT = "scalar::sqrt";
    public static final String SCALAR_EXP = "scalar::exp";
    public static final String SCALAR_LOG = "scalar::log";
    public static final String SCALAR_SIN = "scalar::sin";
    public static final String SCALAR_COS = "scalar::cos";
    public static final String SCALAR_TANH = "scalar::tanh";
    public static final String SCALAR_FLOOR = "scalar::floor";
    public static final String SCALAR_CEIL = "scalar::ceil";
    public static final String SCALAR_ABS = "scalar::abs";
    public static final String SCALAR_MAX = "scalar::max";
    public static final String SCALAR_MIN = "scalar::min";
    public static final String SCALAR_POW = "scalar::pow";

    // ---- java.util.List methods of the script subset.
    public static final String LIST_NEW = "list::new";
    public static final String LIST_ADD = "list::add";
    public static final String LIST_INSERT = "list::insert";
    public static final String LIST_GET = "list::get";
    public static final String LIST_SET = "list::set";
    public static final String LIST_REMOVE_AT = "list::remove_at";
    public static final String LIST_SIZE = "list::size";
    public static final String LIST_IS_EMPTY = "list::is_empty";
    public static final String LIST_CONTAINS = "list::contains";
    public static final String LIST_COPY = "list::copy";
    public static final String LIST_COPY_OF = "list::copy_of";

    // ---- java.util.Map methods of the script subset.
    public static final String DICT_NEW = "dict::new";
    public static final String DICT_OF = "dict::of";
    public static final String ENUM_NAME = "enum::name";
    public static final String ENUM_ORDINAL = "enum::ordinal";
    public static final String DICT_PUT = "dict::put";
    public static final String DICT_GET = "dict::get";
    public static final String DICT_GET_OR_DEFAULT = "dict::get_or_default";
    public static final String DICT_CONTAINS_KEY = "dict::contains_key";
    public static final String DICT_REMOVE = "dict::remove";
    public static final String DICT_SIZE = "dict::size";
    public static final String DICT_IS_EMPTY = "dict::is_empty";
    public static final String DICT_KEYS = "dict::keys";
    public static final String DICT_VALUES = "dict::values";
    public static final String DICT_ITEMS = "dict::items";

    // ---- String operations.
    public static final String STR_CONCAT = "str::concat";
    public static final String STR_LENGTH = "str::length";
    public static final String STR_EQUALS = "str::equals";
}
